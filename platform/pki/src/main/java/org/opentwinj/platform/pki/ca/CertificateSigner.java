package org.opentwinj.platform.pki.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.Host;
import org.opentwinj.platform.pki.csr.SubjectName;
import org.opentwinj.platform.pki.pem.Keys;

/**
 * Builds and signs X.509 certificates with BouncyCastle's builder and the JDK's signature
 * providers. The profile follows what cfssl issues, so certificates from either tool look
 * alike to openssl and to the JDK's PKIX checks.
 */
final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {}

    /** A self-signed CA: basicConstraints CA:true and keyCertSign+cRLSign, both critical. */
    static X509Certificate selfSignedCa(
            X500Name subject, PublicKey publicKey, PrivateKey privateKey, Instant notBefore, Instant notAfter) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /**
     * A leaf certificate: CA:false, digitalSignature (plus keyEncipherment for RSA keys,
     * which TLS 1.2 RSA key exchange needs), the extended key usages of {@code usage}, the
     * hosts as DNS and IP SANs, and key identifiers linking it to its CA.
     */
    static X509Certificate leaf(
            X509Certificate caCertificate,
            PrivateKey caKey,
            X500Name subject,
            PublicKey publicKey,
            List<Host> hosts,
            Usage usage,
            Instant notBefore,
            Instant notAfter) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            int keyUsage =
                    KeyUsage.digitalSignature | ("RSA".equals(publicKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            caCertificate, serial(), Date.from(notBefore), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(usage))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(caCertificate.getPublicKey()));
            if (!hosts.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(hosts));
            }
            return sign(builder, caKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate for " + subject, e);
        }
    }

    /** The subject of a request: the {@code names} attributes in cfssl's order, then the CN. */
    static X500Name subjectOf(CertificateRequest request) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        for (SubjectName entry : request.names()) {
            addIfPresent(name, BCStyle.C, entry.country());
            addIfPresent(name, BCStyle.ST, entry.state());
            addIfPresent(name, BCStyle.L, entry.locality());
            addIfPresent(name, BCStyle.O, entry.organization());
            addIfPresent(name, BCStyle.OU, entry.organizationalUnit());
        }
        name.addRDN(BCStyle.CN, request.commonName());
        return name.build();
    }

    /**
     * The signature algorithm for a CA key: SHA-256 with RSA, SHA-256 with ECDSA on P-256
     * and SHA-384 on P-384 (a hash weaker than the curve would waste the larger key; Go
     * and cfssl pair them the same way).
     */
    static String signatureAlgorithm(PrivateKey caKey) {
        return switch (caKey.getAlgorithm()) {
            case "EC" -> Keys.sizeInBits(caKey) > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("CA keys must be EC or RSA, not " + caKey.getAlgorithm());
        };
    }

    /** A random positive serial of at most 159 bits: unpredictable, and at most 20 octets DER. */
    private static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    private static ExtendedKeyUsage extendedKeyUsage(Usage usage) {
        return new ExtendedKeyUsage(usage.extendedKeyUsages().stream()
                .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                .toArray(KeyPurposeId[]::new));
    }

    private static GeneralNames subjectAlternativeNames(List<Host> hosts) {
        return new GeneralNames(hosts.stream()
                .map(host -> host.kind().isIp()
                        ? new GeneralName(
                                GeneralName.iPAddress,
                                new DEROctetString(host.address().getAddress()))
                        : new GeneralName(GeneralName.dNSName, host.name()))
                .toArray(GeneralName[]::new));
    }

    private static void addIfPresent(X500NameBuilder name, ASN1ObjectIdentifier type, String value) {
        if (value != null) {
            name.addRDN(type, value);
        }
    }
}
