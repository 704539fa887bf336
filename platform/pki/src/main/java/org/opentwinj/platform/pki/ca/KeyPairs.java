package org.opentwinj.platform.pki.ca;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.opentwinj.platform.pki.csr.KeySpec;

/** Generates key pairs with the JDK's own providers, so TLS needs no extra provider. */
public final class KeyPairs {
    private KeyPairs() {}

    /** A fresh key pair as the spec asks: ECDSA on P-256/P-384 or RSA of the given size. */
    public static KeyPair generate(KeySpec spec) {
        try {
            return switch (spec.algorithm()) {
                case ECDSA -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(spec.size() == 384 ? "secp384r1" : "secp256r1"));
                    yield generator.generateKeyPair();
                }
                case RSA -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(spec.size());
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            // Both algorithms are mandatory in every JDK: failing here means a broken runtime.
            throw new IllegalStateException("the JDK cannot generate a " + spec + " key", e);
        }
    }
}
