package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;

/**
 * Calls AUTH as a thin client: one-way TLS trusting the platform's CA, with the stored
 * token; an expired access token is renewed once with the refresh token, transparently.
 */
final class AuthClient implements AutoCloseable {
    private final Path dataDirectory;
    private final ServiceClient client;

    AuthClient(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.client = new ServiceClient(TrustOnlyTls.trusting(PemFiles.readCertificates(dataDirectory.resolve("pki").resolve("ca.pem"))),
                ClientOptions.DEFAULT);
    }

    /** Logs in and stores the tokens. */
    JsonNode login(URI authUrl, String user, String password) {
        JsonNode reply = publicCall(authUrl, "Login", Map.of("username", user, "password", password), null);
        new StoredLogin(authUrl, reply.path("user").asText(), reply.path("accessToken").asText(),
                reply.path("refreshToken").asText()).save(dataDirectory);
        return reply;
    }

    /** Calls a token action as the logged-in user. */
    JsonNode call(String action, Object fields) {
        StoredLogin login = StoredLogin.load(dataDirectory)
                .orElseThrow(() -> new ExitException(ExitCode.INVALID_CONFIGURATION, "not logged in: run 'opentwin login' first"));
        try {
            return publicCall(login.authUrl(), action, fields, login.accessToken());
        } catch (PublicException e) {
            if (e.status() != 401 || !e.getMessage().contains("expired")) {
                throw e;
            }
            StoredLogin renewed = refresh(login);
            return publicCall(renewed.authUrl(), action, fields, renewed.accessToken());
        }
    }

    private StoredLogin refresh(StoredLogin login) {
        JsonNode reply;
        try {
            reply = publicCall(login.authUrl(), "Token.Refresh", Map.of("refreshToken", login.refreshToken()), null);
        } catch (PublicException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "your login has expired (" + e.getMessage() + "): run 'opentwin login' again");
        }
        StoredLogin renewed = new StoredLogin(login.authUrl(), login.user(), reply.path("accessToken").asText(),
                reply.path("refreshToken").asText());
        renewed.save(dataDirectory);
        return renewed;
    }

    private JsonNode publicCall(URI authUrl, String action, Object fields, String token) {
        try {
            return client.callPublic(authUrl, action, fields, token);
        } catch (PeerCallException e) {
            if (e.isUnreachable()) {
                throw new ExitException(ExitCode.PEER_UNREACHABLE, "AUTH at " + authUrl + " is unreachable: " + e.getMessage(), e);
            }
            throw new PublicException(e.httpStatus(), reasonOf(e));
        }
    }

    /** The peer's reason without the "ACTION at URL failed with HTTP n: " prefix, which users do not need. */
    private static String reasonOf(PeerCallException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }


    @Override
    public void close() {
        client.close();
    }
}
