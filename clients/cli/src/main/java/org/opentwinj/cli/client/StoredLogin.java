package org.opentwinj.cli.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;

/**
 * The command line's login: AUTH's URL, the user and the token pair, kept in
 * {@code client/login.json} of the data directory, readable only by its owner.
 */
record StoredLogin(URI authUrl, String user, String accessToken, String refreshToken) {
    static Path file(Path dataDirectory) {
        return dataDirectory.resolve("client").resolve("login.json");
    }

    void save(Path dataDirectory) {
        Path file = file(dataDirectory);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("login.json.tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, Json.writeBytes(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ExitException(ExitCode.INTERNAL_ERROR, "cannot save the login in " + file + ": " + e.getMessage(), e);
        }
    }

    static Optional<StoredLogin> load(Path dataDirectory) {
        Path file = file(dataDirectory);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), StoredLogin.class));
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, file + " is damaged; run 'opentwin login' again");
        }
    }

    static void forget(Path dataDirectory) {
        try {
            Files.deleteIfExists(file(dataDirectory));
        } catch (IOException e) {
            throw new ExitException(ExitCode.INTERNAL_ERROR, "cannot remove " + file(dataDirectory) + ": " + e.getMessage(), e);
        }
    }
}
