package org.opentwinj.systemtest.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests run in: deploy/kubernetes, deploy/cluster, the Containerfile. */
public final class RepositoryFiles {
    private RepositoryFiles() {}

    public static Path root() {
        Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (directory != null && !Files.isRegularFile(directory.resolve("opentwin"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("cannot find the repository root (the directory with ./opentwin) from "
                    + System.getProperty("user.dir"));
        }
        return directory;
    }

    public static Path kubernetes() {
        return root().resolve("deploy/kubernetes");
    }

    static Path cluster() {
        return root().resolve("deploy/cluster");
    }

    static Path containerfile() {
        return root().resolve("deploy/containers/Containerfile");
    }
}
