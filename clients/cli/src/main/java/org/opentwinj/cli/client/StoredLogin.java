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
 * The command line's login: the GSS it asked, the AUTH and relay the GSS named, the user and
 * the token pair, kept in {@code client/login.json} of the data directory, readable only by
 * its owner.
 *
 * @param gssUrl       the GSS
 * @param authUrl      AUTH, as the GSS named it
 * @param relayUrl     the relay, as the GSS named it (null when the platform has none)
 * @param user         who is logged in
 * @param accessToken  the current access token
 * @param refreshToken the refresh token
 */
record StoredLogin(URI gssUrl, URI authUrl, URI relayUrl, String user, String accessToken, String refreshToken) {
    static Path file(Path dataDirectory) {
        return dataDirectory.resolve("client").resolve("login.json");
    }

    StoredLogin withTokens(String access, String refresh) {
        return new StoredLogin(gssUrl, authUrl, relayUrl, user, access, refresh);
    }

    void save(Path dataDirectory) {
        Path file = file(dataDirectory);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("login.json.tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, Json.writeBytes(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ExitException(
                    ExitCode.INTERNAL_ERROR, "cannot save the login in " + file + ": " + e.getMessage(), e);
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
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    file + " is damaged or from an older version; run 'opentwin login' again");
        }
    }

    static void forget(Path dataDirectory) {
        try {
            Files.deleteIfExists(file(dataDirectory));
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INTERNAL_ERROR, "cannot remove " + file(dataDirectory) + ": " + e.getMessage(), e);
        }
    }
}
