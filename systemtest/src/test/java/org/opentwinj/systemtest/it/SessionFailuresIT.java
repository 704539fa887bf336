package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * What happens to sessions when a global service fails, with every service a real process:
 * the GSS restarted, the database gone while requests arrive. An LSS killed: {@link LssCrashIT}.
 */
class SessionFailuresIT {
    @TempDir
    Path work;

    private StandaloneServices services;
    private String token;
    private String project;

    @BeforeEach
    void start() throws Exception {
        services = new StandaloneServices(work);
        services.start("database");
        services.start("auth");
        services.start("gss", "--database-timeout-ms", "2000");
        services.start("lss");
        token = services.login("admin", StandaloneServices.ADMIN_PASSWORD);
        project = services.call("auth", token, "Project.Create", Map.of("name", "Antenna"))
                .path("id")
                .asText();
    }

    @AfterEach
    void stop() throws Exception {
        services.close();
    }

    private String openSession() {
        String session = services.call("gss", token, "Session.New", Map.of("project", project))
                .path("session")
                .asText();
        services.awaitSession(token, session, "RUNNING");
        return session;
    }

    @Test
    void aRestartedGssKeepsItsSessionsAndTheLssCarriesOn() throws Exception {
        String session = openSession();
        services.kill("gss");
        services.start("gss", "--database-timeout-ms", "2000");

        JsonNode kept = services.call("gss", token, "Session.Get", Map.of("session", session));
        assertThat(kept.path("state").asText()).isEqualTo("RUNNING");
        assertThat(kept.path("events").findValuesAsText("message")).contains("running");
        // The LSS kept beating: after two timeouts' worth of time (3 s each) the session is still running.
        Thread.sleep(6_000);
        assertThat(services.call("gss", token, "Session.Get", Map.of("session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RUNNING");
        assertThatThrownBy(() -> services.call("gss", token, "Session.New", Map.of("project", project)))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(409));

        services.call("gss", token, "Session.Close", Map.of("session", session));
        services.awaitSession(token, session, "CLOSED");
        // Close returns once the session is over; its processes exit in the background.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> StandaloneServices.sessionProcesses(session).isEmpty());
    }

    @Test
    void whileTheDatabaseIsDownRequestsGet503AndServiceResumesWhenItReturns() throws Exception {
        services.stop("database");
        assertThatThrownBy(() -> services.call("gss", token, "Session.List", Map.of()))
                .isInstanceOfSatisfying(PeerCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.reason()).startsWith("database unavailable: ");
                    assertThat(e.retryAfter()).isPresent();
                });
        services.start("database");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() ->
                        services.call("gss", token, "Session.List", Map.of()).isArray());
        assertThat(openSession()).isNotBlank();
    }
}
