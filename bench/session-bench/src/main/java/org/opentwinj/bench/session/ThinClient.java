package org.opentwinj.bench.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * The harness as a thin client: one-way TLS to {@code /execute-one-way-tls} with a bearer
 * token, like the CLI's {@code opentwin session open}. One connection pool shared by every
 * virtual thread of the run (HTTP/1.1 keep-alive).
 */
final class ThinClient implements AutoCloseable {
    private final ServiceClient client;
    private final URI auth;
    private final URI gss;
    private volatile String token;

    ThinClient(SSLContext trustOnly, URI auth, URI gss) {
        this.client = new ServiceClient(trustOnly, ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(60)));
        this.auth = auth;
        this.gss = gss;
    }

    void login(String user, String password) {
        token = client.callPublic(auth, "Login", Map.of("username", user, "password", password), null)
                .path("accessToken")
                .asText();
    }

    /** The logged-in user's access token (the relay takes it as the GSS does). */
    String token() {
        return token;
    }

    /** Creates a project owned by the logged-in user and returns its id. */
    String createProject(String name) {
        return client.callPublic(auth, "Project.Create", Map.of("name", name), token)
                .path("id")
                .asText();
    }

    /** A session action at the GSS; throws PeerCallException for any answer but 2xx. */
    JsonNode gss(String action, Map<String, ?> fields) {
        return client.callPublic(gss, action, fields, token);
    }

    @Override
    public void close() {
        client.close();
    }
}
