package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared sessions at the relay: its opener and those who joined it get in, each with their own
 * token; a stranger does not; who left, or whose session ended, is let go with the right code.
 */
class SharedSessionRelayTest {
    private final RelayHarness harness = new RelayHarness();

    @BeforeEach
    void aliceOpenedCarolJoined() {
        harness.runningSession("s1", "alice");
        harness.participants("s1", "carol");
    }

    /** Routes looked up at every check, so that the admission checks (every second) see changes at once. */
    private void relayAskingEveryTime() {
        harness.startRelay(RelayConfig.DEFAULTS.withRouteCacheTtl(Duration.ZERO));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aParticipantIsAdmittedAndCallsTheServiceAsHerself() {
        relayAskingEveryTime();
        TestClient carol = harness.connect("s1", harness.token("carol", "user"));

        assertThat(carol.welcome().path("user").asText()).isEqualTo("carol");
        carol.request(1, "echo", "Echo", "message", "hi");
        assertThat(carol.next().path("result").path("caller").asText()).isEqualTo("user carol via service CN=relay");
    }

    @Test
    void aStrangerIsRefusedWith4403() {
        relayAskingEveryTime();
        TestClient.Closed closed =
                harness.connect("s1", harness.token("mallory", "user")).awaitClose();

        assertThat(closed)
                .isEqualTo(new TestClient.Closed(
                        4403, "session s1 belongs to another user: join it first (Session.Join)"));
    }

    @Test
    void whoLeftIsLetGoWith4403AndTheOthersStay() {
        relayAskingEveryTime();
        TestClient alice = harness.connect("s1", harness.token("alice", "user"));
        TestClient carol = harness.connect("s1", harness.token("carol", "user"));
        alice.welcome();
        carol.welcome();

        harness.participants("s1");

        assertThat(carol.awaitClose())
                .isEqualTo(new TestClient.Closed(4403, "you are no longer in session s1 (you left it)"));
        alice.request(1, "echo", "Echo", "message", "still here");
        assertThat(alice.next().path("result").path("message").asText()).isEqualTo("still here");
        assertThat(harness.relay().connectionCount("s1")).isEqualTo(1);
    }

    @Test
    void everyoneIsLetGoWith4409WhenTheSessionEnds() {
        relayAskingEveryTime();
        TestClient alice = harness.connect("s1", harness.token("alice", "user"));
        TestClient carol = harness.connect("s1", harness.token("carol", "user"));
        alice.welcome();
        carol.welcome();

        harness.session("s1", "alice", "CLOSED", Map.of());

        TestClient.Closed expected = new TestClient.Closed(4409, "session s1 has ended (state CLOSED)");
        assertThat(alice.awaitClose()).isEqualTo(expected);
        assertThat(carol.awaitClose()).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.relay().connectionCount("s1") == 0);
    }

    @Test
    void whoJoinedAfterTheRoutesWereCachedGetsInAtOnce() {
        harness.startRelay(RelayConfig.DEFAULTS.withRouteCacheTtl(Duration.ofMinutes(10)));
        harness.participants("s1");
        TestClient alice = harness.connect("s1", harness.token("alice", "user"));
        alice.welcome();

        harness.participants("s1", "bob");
        TestClient bob = harness.connect("s1", harness.token("bob", "user"));

        assertThat(bob.welcome().path("user").asText()).isEqualTo("bob");
        bob.request(1, "echo", "Echo", "message", "hi");
        assertThat(bob.next().path("result").path("caller").asText()).isEqualTo("user bob via service CN=relay");
    }
}
