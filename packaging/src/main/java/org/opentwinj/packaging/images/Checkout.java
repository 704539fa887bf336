package org.opentwinj.packaging.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The OpenTwin/J checkout a distribution was built in: the nearest directory at or above a
 * start that holds the root {@code pom.xml}, the Maven wrapper's {@code .mvn/} and
 * {@code deploy/containers/Containerfile}. Found by walking up, not by a fixed number of
 * {@code ..}: the distribution's place in the tree is a build detail that may change.
 */
final class Checkout {
    /** Where the Containerfile lies in a checkout. */
    static final String CONTAINERFILE = "deploy/containers/Containerfile";

    private Checkout() {}

    /** The checkout holding {@code start}, if {@code start} (a file or directory) is inside one. */
    static Optional<Path> above(Path start) {
        for (Path directory = start.toAbsolutePath().normalize();
                directory != null;
                directory = directory.getParent()) {
            if (isCheckout(directory)) {
                return Optional.of(directory);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code directory} is the root of a checkout. */
    static boolean isCheckout(Path directory) {
        return Files.isRegularFile(directory.resolve("pom.xml"))
                && Files.isDirectory(directory.resolve(".mvn"))
                && Files.isRegularFile(directory.resolve(CONTAINERFILE));
    }
}
