package org.opentwinj.platform.pki.pem;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/** Facts about keys that certificate checks need, independent of how the key was made. */
public final class Keys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {}

    /**
     * True when the private key belongs to the public key. It signs a random challenge and
     * verifies it, which works for every key form (a PKCS#8 EC key need not carry its
     * public point, so comparing fields is not enough).
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(testSignature(privateKey));
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(testSignature(privateKey));
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key pair that cannot even sign together (e.g. different curves) does not match.
            return false;
        }
    }

    /** The key's size in bits: the curve's field size for EC, the modulus length for RSA, else -1. */
    public static int sizeInBits(Key key) {
        return switch (key) {
            case ECKey ec -> ec.getParams().getCurve().getField().getFieldSize();
            case RSAKey rsa -> rsa.getModulus().bitLength();
            default -> -1;
        };
    }

    /** A short description such as {@code EC P-256} or {@code RSA 2048}. */
    public static String describe(Key key) {
        int size = sizeInBits(key);
        return switch (key.getAlgorithm()) {
            case "EC" -> "EC P-" + size;
            case "RSA" -> "RSA " + size;
            default -> key.getAlgorithm();
        };
    }

    private static String testSignature(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
    }
}
