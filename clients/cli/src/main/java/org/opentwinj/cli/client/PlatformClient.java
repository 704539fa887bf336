package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;

/**
 * The platform as a thin client sees it: the GSS first (where are AUTH and the relay), then
 * AUTH to log in, then the GSS and AUTH with the token. One-way TLS trusting the platform's
 * CA. An expired access token is renewed once with the refresh token, transparently.
 */
final class PlatformClient implements AutoCloseable {
    private final Path dataDirectory;
    private final SSLContext tls;
    private final ServiceClient client;

    PlatformClient(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.tls = TrustOnlyTls.trusting(
                PemFiles.readCertificates(dataDirectory.resolve("pki").resolve("ca.pem")));
        this.client = new ServiceClient(tls, ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(90)));
    }

    /** The TLS context trusting the platform's CA, for the relay's websocket. */
    SSLContext tls() {
        return tls;
    }

    /** Asks the GSS where AUTH and the relay are, logs in and stores the login. */
    StoredLogin login(URI gssUrl, String user, String password) {
        JsonNode info = publicCall(gssUrl, "Service.Info", Map.of(), null);
        URI authUrl = URI.create(info.path("authUrl").asText());
        URI relayUrl =
                info.hasNonNull("relayUrl") ? URI.create(info.path("relayUrl").asText()) : null;
        JsonNode reply = publicCall(authUrl, "Login", Map.of("username", user, "password", password), null);
        StoredLogin login = new StoredLogin(
                gssUrl,
                authUrl,
                relayUrl,
                reply.path("user").asText(),
                reply.path("accessToken").asText(),
                reply.path("refreshToken").asText());
        login.save(dataDirectory);
        return login;
    }

    StoredLogin stored() {
        return StoredLogin.load(dataDirectory)
                .orElseThrow(() ->
                        new ExitException(ExitCode.INVALID_CONFIGURATION, "not logged in: run 'opentwin login' first"));
    }

    /** Calls a token action of AUTH as the logged-in user. */
    JsonNode callAuth(String action, Object fields) {
        return withToken(login -> publicCall(login.authUrl(), action, fields, login.accessToken()));
    }

    /** Calls a token action of the GSS as the logged-in user. */
    JsonNode callGss(String action, Object fields) {
        return withToken(login -> publicCall(login.gssUrl(), action, fields, login.accessToken()));
    }

    /** Runs a call with the stored token; renews the token once if it expired. */
    <T> T withToken(Function<StoredLogin, T> call) {
        StoredLogin login = stored();
        try {
            return call.apply(login);
        } catch (PublicException e) {
            if (e.status() != 401 || !e.getMessage().contains("expired")) {
                throw e;
            }
            return call.apply(refresh(login));
        }
    }

    /** Exchanges the refresh token for a new pair and stores it. */
    StoredLogin refresh(StoredLogin login) {
        JsonNode reply;
        try {
            reply = publicCall(login.authUrl(), "Token.Refresh", Map.of("refreshToken", login.refreshToken()), null);
        } catch (PublicException e) {
            throw new ExitException(
                    ExitCode.REQUEST_REFUSED,
                    "your login has expired (" + e.getMessage() + "): run 'opentwin login' again");
        }
        StoredLogin renewed = login.withTokens(
                reply.path("accessToken").asText(), reply.path("refreshToken").asText());
        renewed.save(dataDirectory);
        return renewed;
    }

    private JsonNode publicCall(URI url, String action, Object fields, String token) {
        try {
            return client.callPublic(url, action, fields, token);
        } catch (PeerCallException e) {
            if (e.isUnreachable()) {
                throw new ExitException(ExitCode.PEER_UNREACHABLE, e.getMessage(), e);
            }
            if (e.detail("lockedUntil").isTextual()) {
                throw new PublicException(
                        e.httpStatus(),
                        LocalTimes.lockMessage(
                                e.reason(), e.detail("lockedUntil").asText(), ZoneId.systemDefault(), Instant.now()));
            }
            throw new PublicException(e.httpStatus(), e.reason());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
