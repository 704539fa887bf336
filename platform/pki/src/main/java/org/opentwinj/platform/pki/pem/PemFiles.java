package org.opentwinj.platform.pki.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Reads and writes the PEM files cfssl and openssl users know. Certificates may come one
 * or many to a file (a chain or a CA bundle); other blocks in the same file are skipped.
 * Private keys load in all three common forms: PKCS#8 ({@code PRIVATE KEY}, what cfssl,
 * {@code openssl genpkey} and this project write), SEC1 ({@code EC PRIVATE KEY}, from
 * {@code openssl ecparam -genkey}) and PKCS#1 ({@code RSA PRIVATE KEY}, from older
 * {@code openssl genrsa}). Encrypted keys are refused with a hint: services start
 * unattended and have nobody to type a pass phrase.
 *
 * <p>Every read failure is an {@link ExitException} with {@link ExitCode#CERTIFICATE_ERROR}
 * and a one-line reason that starts with the file name. Keys come back as plain JDK keys,
 * usable by the JDK's TLS without any extra security provider.
 */
public final class PemFiles {
    private static final String BEGIN = "-----BEGIN ";

    private PemFiles() {}

    /** Reads all certificates in a file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) {
        return parseCertificates(read(file), file.toString());
    }

    /** Reads the one private key in a file. */
    public static PrivateKey readPrivateKey(Path file) {
        return parsePrivateKey(read(file), file.toString());
    }

    /**
     * Parses all certificates in PEM text; {@code source} names the text in error messages.
     */
    public static List<X509Certificate> parseCertificates(String pem, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object block : blocks(pem, source)) {
            if (block instanceof X509CertificateHolder holder) {
                certificates.add(toCertificate(holder, source));
            }
        }
        if (certificates.isEmpty()) {
            throw failure(source + " holds no certificate: expected a -----BEGIN CERTIFICATE----- block");
        }
        return List.copyOf(certificates);
    }

    /** Parses the one private key in PEM text; {@code source} names the text in error messages. */
    public static PrivateKey parsePrivateKey(String pem, String source) {
        PrivateKeyInfo found = null;
        for (Object block : blocks(pem, source)) {
            PrivateKeyInfo info = switch (block) {
                case PrivateKeyInfo pkcs8 -> pkcs8;
                case PEMKeyPair traditional -> traditional.getPrivateKeyInfo();
                case PEMEncryptedKeyPair _ -> throw encrypted(source);
                case PKCS8EncryptedPrivateKeyInfo _ -> throw encrypted(source);
                default -> null;
            };
            if (info != null && found != null) {
                throw failure(source + " holds more than one private key: keep one key per file");
            }
            found = info != null ? info : found;
        }
        if (found == null) {
            throw failure(source + " holds no private key: expected a -----BEGIN PRIVATE KEY----- block");
        }
        return toPrivateKey(found, source);
    }

    /** PEM text of certificates, one {@code CERTIFICATE} block each, in order. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IllegalStateException(
                        "cannot encode certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        return pem.toString();
    }

    /** PEM text of a private key in PKCS#8 form ({@code PRIVATE KEY}), as cfssl writes it. */
    public static String toPem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("key cannot be exported as PKCS#8: format " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return BEGIN + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw failure(file + " does not exist");
        } catch (AccessDeniedException e) {
            throw failure(file + " cannot be read: permission denied");
        } catch (MalformedInputException e) {
            throw failure(file + " is not PEM: it holds binary data (convert DER with 'openssl x509 -inform der')");
        } catch (IOException e) {
            throw failure(file + " cannot be read: " + e.getMessage());
        }
    }

    private static List<Object> blocks(String pem, String source) {
        if (!pem.contains(BEGIN)) {
            throw failure(source + " is not PEM: no -----BEGIN ...----- line found");
        }
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw failure(source + " is not valid PEM: " + oneLine(e.getMessage()), e);
        }
        return blocks;
    }

    private static X509Certificate toCertificate(X509CertificateHolder holder, String source) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException | CertificateException e) {
            throw failure(source + " holds a damaged certificate: " + oneLine(e.getMessage()), e);
        }
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info, String source) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (info.getPrivateKeyAlgorithm().getParameters() == null) {
                throw failure(source + " holds an EC private key that does not name its curve:"
                        + " re-export it with 'openssl pkey -in " + source + " -out key.pem'");
            }
            algorithm = "EC";
        } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RSA";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            algorithm = "Ed25519";
        } else {
            throw failure(source + " holds a key of unsupported type " + oid.getId() + ": use an EC or RSA key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw failure(source + " holds a damaged " + algorithm + " private key: " + oneLine(e.getMessage()), e);
        }
    }

    private static ExitException encrypted(String source) {
        return failure(source + " holds an encrypted private key: decrypt it first, e.g. 'openssl pkey -in " + source
                + " -out plain-key.pem'");
    }

    private static ExitException failure(String reason) {
        return new ExitException(ExitCode.CERTIFICATE_ERROR, reason);
    }

    private static ExitException failure(String reason, Throwable cause) {
        return new ExitException(ExitCode.CERTIFICATE_ERROR, reason, cause);
    }

    static String oneLine(String text) {
        return text == null ? "no details" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
