package org.opentwinj.systemtest.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the module the tests run in. */
final class Repository {
    private Repository() {}

    static Path root() {
        Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("opentwin"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("cannot find the repository root from " + System.getProperty("user.dir"));
        }
        return directory;
    }
}
