package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * An LSS killed with SIGKILL while a session runs, every service a real process. Restarted
 * within the GSS's grace period it takes the session's running services back (the same
 * processes) and the session is RUNNING again; not restarted, the session is LOST after the
 * grace period and its services stop by themselves, freeing their ports. The test restarts
 * the LSS itself (restarting global services is {@code opentwin up}'s job). Its ports are
 * free ports found at start (no port offset), so it shares none with another test.
 */
class LssCrashIT {
    @TempDir
    static Path work;

    private static StandaloneServices services;
    private static String token;
    private static String project;

    /** The database and AUTH, shared by both cases; each starts its own GSS and LSS. */
    @BeforeAll
    static void startDatabaseAndAuth() throws Exception {
        services = new StandaloneServices(work);
        services.start("database");
        services.start("auth");
        token = services.login("admin", StandaloneServices.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    /** A GSS waiting {@code graceMs} for a silent LSS, an LSS, and a project of its own. */
    private void startSessionServices(String graceMs) throws Exception {
        services.start("gss", "--database-timeout-ms", "2000", "--lss-grace-ms", graceMs);
        services.start("lss");
        project = services.call("auth", token, "Project.Create", Map.of("name", "Antenna " + graceMs))
                .path("id")
                .asText();
    }

    @AfterEach
    void stopSessionServices() throws Exception {
        for (String service : List.of("lss", "gss")) {
            if (services.process(service) != null) {
                services.stop(service);
            }
        }
    }

    private String openSession() {
        String session = services.call("gss", token, "Session.New", Map.of("project", project))
                .path("session")
                .asText();
        services.awaitSession(token, session, "RUNNING");
        return session;
    }

    private static Set<Long> pids(String session) {
        return StandaloneServices.sessionProcesses(session).stream()
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Test
    void anLssRestartedWithinTheGracePeriodTakesItsSessionBackWithTheSameProcesses() throws Exception {
        startSessionServices("60000");
        String session = openSession();
        Set<Long> before = pids(session);
        assertThat(before).as("model and echo").hasSize(2);

        services.kill("lss");
        // Silent for the heartbeat timeout (3 s): the GSS waits for it instead of losing the session.
        JsonNode waiting = services.awaitSession(token, session, "RECOVERING");
        assertThat(waiting.path("reason").asText())
                .contains("is not answering (no heartbeat for")
                .contains("waiting for it to come back until");
        assertThat(services.call("gss", token, "Session.Get", Map.of("session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RECOVERING");
        assertThat(pids(session)).isEqualTo(before);

        services.start("lss");
        // A report of the restarted LSS may come before its registration; the end is the same:
        // registered again, the session is RUNNING without the waiting reason.
        JsonNode[] back = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            back[0] = services.call("gss", token, "Session.Get", Map.of("session", session));
            return back[0].path("state").asText().equals("RUNNING")
                    && back[0].path("events").findValuesAsText("message").stream()
                            .anyMatch(message ->
                                    message.endsWith("answers again and keeps the session; it reports its state"));
        });
        assertThat(back[0].path("reason").isNull())
                .as("no reason left: %s", back[0])
                .isTrue();
        // The same processes serve on: taken back, not started again.
        assertThat(pids(session)).isEqualTo(before);
        assertThat(before)
                .allMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        // Supervised again: closing stops them.
        services.call("gss", token, "Session.Close", Map.of("session", session));
        services.awaitSession(token, session, "CLOSED");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> pids(session).isEmpty());
    }

    @Test
    void anLssThatDoesNotComeBackLosesItsSessionAfterTheGracePeriodAndItsServicesStopByThemselves() throws Exception {
        startSessionServices("10000");
        String session = openSession();
        List<ProcessHandle> processes = StandaloneServices.sessionProcesses(session);
        assertThat(processes).as("model and echo").hasSize(2);
        List<Integer> ports = servicePorts(session);
        assertThat(ports).hasSize(2);

        services.kill("lss");
        services.awaitSession(token, session, "RECOVERING");
        JsonNode lost = services.awaitSession(token, session, "LOST");
        assertThat(lost.path("reason").asText())
                .contains("stopped answering and did not come back within 10 s (no heartbeat for");

        // Nobody supervises them; they stop by themselves once their LSS has not answered for the grace period.
        Awaitility.await()
                .atMost(Duration.ofSeconds(40))
                .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(StandaloneServices.sessionProcesses(session)).isEmpty();
        for (int port : ports) {
            assertThat(isFree(port)).as("port %d", port).isTrue();
        }
        for (String service : List.of("model", "echo")) {
            assertThat(Files.readString(work.resolve("lss/logs/" + session + "-" + service + ".log")))
                    .contains("this session service stops by itself")
                    .contains("did not answer for 10 s");
        }

        // Its project is free: a new session is refused only because no LSS runs now, not because the project is taken.
        assertThatThrownBy(() -> services.call("gss", token, "Session.New", Map.of("project", project)))
                .isInstanceOfSatisfying(PeerCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.reason()).doesNotContain("already open");
                });
    }

    private List<Integer> servicePorts(String session) {
        JsonNode view = services.call("gss", token, "Session.Get", Map.of("session", session));
        List<Integer> ports = new ArrayList<>();
        view.path("services")
                .forEach(service ->
                        ports.add(URI.create(service.path("url").asText()).getPort()));
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
