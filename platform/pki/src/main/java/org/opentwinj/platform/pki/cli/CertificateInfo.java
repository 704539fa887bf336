package org.opentwinj.platform.pki.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.pem.Keys;
import org.opentwinj.platform.pki.tls.PeerCertificates;

/**
 * A certificate as JSON in the shape {@code cfssl certinfo} prints (snake_case names, Go's
 * algorithm names, serial in decimal), plus the key, usages, CA flag and fingerprint an
 * operator checks when a handshake is refused.
 */
final class CertificateInfo {
    private static final String[] KEY_USAGES = {
        "digital signature",
        "content commitment",
        "key encipherment",
        "data encipherment",
        "key agreement",
        "cert sign",
        "crl sign",
        "encipher only",
        "decipher only"
    };
    private static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            Usage.SERVER_AUTH,
            "server auth",
            Usage.CLIENT_AUTH,
            "client auth",
            "1.3.6.1.5.5.7.3.3",
            "code signing",
            "1.3.6.1.5.5.7.3.4",
            "email protection",
            "1.3.6.1.5.5.7.3.8",
            "timestamping",
            "1.3.6.1.5.5.7.3.9",
            "ocsp signing");
    private static final Map<ASN1ObjectIdentifier, String> NAME_FIELDS = Map.of(
            BCStyle.CN,
            "common_name",
            BCStyle.C,
            "country",
            BCStyle.ST,
            "province",
            BCStyle.L,
            "locality",
            BCStyle.O,
            "organization",
            BCStyle.OU,
            "organizational_unit",
            BCStyle.SERIALNUMBER,
            "serial_number");
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private CertificateInfo() {}

    static ObjectNode of(X509Certificate certificate) {
        ObjectNode info = Json.object();
        info.set("subject", name(certificate.getSubjectX500Principal()));
        info.set("issuer", name(certificate.getIssuerX500Principal()));
        info.put("serial_number", certificate.getSerialNumber().toString());
        strings(info.putArray("sans"), PeerCertificates.subjectAlternativeNames(certificate));
        info.put("not_before", certificate.getNotBefore().toInstant().toString());
        info.put("not_after", certificate.getNotAfter().toInstant().toString());
        info.put("sigalg", goSignatureName(certificate.getSigAlgName()));
        String keyAlgorithm = certificate.getPublicKey().getAlgorithm();
        info.put("key_algorithm", "EC".equals(keyAlgorithm) ? "ECDSA" : keyAlgorithm);
        info.put("key_size", Keys.sizeInBits(certificate.getPublicKey()));
        info.set("key_usages", keyUsages(certificate));
        strings(
                info.putArray("extended_key_usages"),
                PeerCertificates.extendedKeyUsages(certificate).stream()
                        .map(oid -> EXTENDED_KEY_USAGES.getOrDefault(oid, oid))
                        .toList());
        info.put("is_ca", certificate.getBasicConstraints() >= 0);
        info.put("subject_key_id", keyIdentifier(certificate, Extension.subjectKeyIdentifier));
        info.put("authority_key_id", keyIdentifier(certificate, Extension.authorityKeyIdentifier));
        info.put("sha256_fingerprint", fingerprint(certificate));
        return info;
    }

    private static ObjectNode name(X500Principal principal) {
        ObjectNode name = Json.object();
        ArrayNode names = Json.mapper().createArrayNode();
        for (RDN rdn : X500Name.getInstance(principal.getEncoded()).getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                String value = IETFUtils.valueToString(attribute.getValue());
                names.add(value);
                String field = NAME_FIELDS.get(attribute.getType());
                if (field != null && !name.has(field)) {
                    name.put(field, value);
                }
            }
        }
        name.set("names", names);
        return name;
    }

    private static ArrayNode keyUsages(X509Certificate certificate) {
        ArrayNode usages = Json.mapper().createArrayNode();
        boolean[] bits = certificate.getKeyUsage();
        for (int i = 0; bits != null && i < bits.length && i < KEY_USAGES.length; i++) {
            if (bits[i]) {
                usages.add(KEY_USAGES[i]);
            }
        }
        return usages;
    }

    /** Go's names, which cfssl prints: SHA256withECDSA becomes ECDSAWithSHA256, SHA256withRSA SHA256WithRSA. */
    static String goSignatureName(String jdkName) {
        if (jdkName.endsWith("withECDSA")) {
            return "ECDSAWith" + jdkName.substring(0, jdkName.length() - "withECDSA".length());
        }
        return jdkName.replace("withRSA", "WithRSA");
    }

    private static String keyIdentifier(X509Certificate certificate, ASN1ObjectIdentifier extension) {
        byte[] value = certificate.getExtensionValue(extension.getId());
        if (value == null) {
            return null;
        }
        byte[] inner = ASN1OctetString.getInstance(value).getOctets();
        byte[] identifier = extension.equals(Extension.subjectKeyIdentifier)
                ? SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier()
                : AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifierOctets();
        return identifier == null ? null : COLON_HEX.formatHex(identifier);
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return COLON_HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
