package org.opentwinj.platform.pki.csr;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * The {@code key} of a CSR: which kind of key pair to generate. ECDSA keys use the NIST
 * curves P-256 or P-384; RSA keys are 2048, 3072 or 4096 bits (smaller ones are no longer
 * safe, odd sizes are refused by some TLS stacks). The default is ECDSA P-256, as in cfssl.
 *
 * @param algorithm the key algorithm
 * @param size the curve size or modulus length in bits
 */
public record KeySpec(Algorithm algorithm, int size) {

    /** The key algorithms a CSR may ask for, by their cfssl names. */
    public enum Algorithm {
        ECDSA("ecdsa", List.of(256, 384)),
        RSA("rsa", List.of(2048, 3072, 4096));

        private final String cfsslName;
        private final List<Integer> sizes;

        Algorithm(String cfsslName, List<Integer> sizes) {
            this.cfsslName = cfsslName;
            this.sizes = sizes;
        }

        /** The name used in CSR JSON ({@code ecdsa}, {@code rsa}). */
        public String cfsslName() {
            return cfsslName;
        }

        /** The key sizes allowed for this algorithm, smallest first. */
        public List<Integer> sizes() {
            return sizes;
        }

        /**
         * Reads a cfssl algorithm name, ignoring case.
         *
         * @throws PkiInputException listing the valid names
         */
        public static Algorithm parse(String name) {
            for (Algorithm algorithm : values()) {
                if (algorithm.cfsslName.equals(name.toLowerCase(Locale.ROOT))) {
                    return algorithm;
                }
            }
            throw new PkiInputException("key.algo '" + name + "' is not supported: use "
                    + Arrays.stream(values()).map(Algorithm::cfsslName).collect(Collectors.joining(" or ")));
        }
    }

    /** ECDSA on P-256: small, fast and accepted everywhere. */
    public static final KeySpec DEFAULT = new KeySpec(Algorithm.ECDSA, 256);

    /**
     * Checks the size against the algorithm.
     *
     * @throws PkiInputException e.g. {@code key.size 1024 is not allowed for rsa: use 2048, 3072 or 4096}
     */
    public KeySpec {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!algorithm.sizes().contains(size)) {
            throw new PkiInputException("key.size " + size + " is not allowed for " + algorithm.cfsslName() + ": use "
                    + sizeChoices(algorithm.sizes()));
        }
    }

    /** The default size of an algorithm: the smallest allowed one. */
    public static KeySpec defaultFor(Algorithm algorithm) {
        return new KeySpec(algorithm, algorithm.sizes().getFirst());
    }

    @Override
    public String toString() {
        return algorithm.cfsslName() + " " + size;
    }

    private static String sizeChoices(List<Integer> sizes) {
        String all = sizes.stream().map(String::valueOf).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
