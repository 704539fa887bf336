package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.PushRequest;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/** The relay end to end: real TLS, a fake GSS, a token-checking echo service and JDK websocket clients. */
class RelayTest {
    private final RelayHarness harness = new RelayHarness();

    @AfterEach
    void stop() {
        harness.close();
    }

    private Relay relay() {
        return harness.startRelay(RelayConfig.DEFAULTS);
    }

    @Test
    void aRequestReachesTheSessionServiceAsTheUserViaTheRelay() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice", "user"));

        JsonNode welcome = client.welcome();
        assertThat(welcome.path("session").asText()).isEqualTo("s1");
        assertThat(welcome.path("user").asText()).isEqualTo("alice");
        assertThat(welcome.path("services").toString()).isEqualTo("[\"echo\"]");

        client.request(1, "echo", "Echo", "message", "hello");
        JsonNode reply = client.next();
        assertThat(reply.path("type").asText()).isEqualTo("reply");
        assertThat(reply.path("id").asInt()).isEqualTo(1);
        assertThat(reply.path("status").asText()).isEqualTo("ok");
        assertThat(reply.path("result").path("message").asText()).isEqualTo("hello");
        assertThat(reply.path("result").path("caller").asText()).isEqualTo("user alice via service CN=relay");
    }

    @Test
    void aTokenOfferedAsSubprotocolIsAcceptedAndOnlyOurProtocolIsAnswered() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connectWithSubprotocol("s1", harness.token("alice"));

        assertThat(client.socket().getSubprotocol()).isEqualTo("opentwin.v1");
        assertThat(client.welcome().path("user").asText()).isEqualTo("alice");
        client.request(7, "echo", "Echo", "message", "from a browser");
        assertThat(client.next().path("result").path("message").asText()).isEqualTo("from a browser");
    }

    @Test
    void stringIdsAreEchoedAndRepliesMayComeOutOfOrder() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        ObjectNode held = Json.object().put("id", "held").put("service", "echo");
        held.putObject("message").put("action", "Echo").put("message", RelayHarness.GATED);
        client.send(held);
        client.request(2, "echo", "Echo", "message", "fast");

        assertThat(client.next().path("id").asInt()).isEqualTo(2);
        harness.echoGate.release();
        assertThat(client.next().path("id").asText()).isEqualTo("held");
    }

    @Test
    void aPushReachesEveryClientOfTheSessionAndNoOther() {
        relay();
        harness.runningSession("s1", "alice");
        harness.runningSession("s2", "bob");
        TestClient first = harness.connect("s1", harness.token("alice"));
        TestClient second = harness.connect("s1", harness.token("alice"));
        TestClient other = harness.connect("s2", harness.token("bob"));
        first.welcome();
        second.welcome();
        other.welcome();
        ServiceClient model = harness.serviceClient("model");

        JsonNode reply = model.call(
                harness.relayUrl(),
                PushRequest.ACTION,
                new PushRequest("s1", "model", Json.object().put("entity", 42)));

        assertThat(reply.path("delivered").asInt()).isEqualTo(2);
        for (TestClient client : List.of(first, second)) {
            JsonNode push = client.next();
            assertThat(push.toString())
                    .isEqualTo("{\"type\":\"push\",\"service\":\"model\",\"message\":{\"entity\":42}}");
        }
        // A push for s2 would have been queued before this reply.
        other.request(1, "echo", "Echo", "message", "anything for me?");
        assertThat(other.next().path("type").asText()).isEqualTo("reply");
    }

    @Test
    void aPushReachesTheClientsOfEveryReplicaOnceAndAnUnreachableReplicaIsSkipped() {
        AtomicReference<List<URI>> peersOfFirst = new AtomicReference<>(List.of());
        harness.startRelay(RelayConfig.DEFAULTS, harness.gssUrl, () -> peersOfFirst.get());
        URI first = harness.relayUrl();
        harness.startRelay(RelayConfig.DEFAULTS, harness.gssUrl, () -> List.of(first));
        URI second = harness.relayUrl();
        peersOfFirst.set(List.of(second, RelayHarness.deadUrl()));
        harness.runningSession("s1", "alice");
        harness.useRelayAt(first);
        TestClient onFirst = harness.connect("s1", harness.token("alice"));
        onFirst.welcome();
        harness.useRelayAt(second);
        TestClient onSecond = harness.connect("s1", harness.token("alice"));
        onSecond.welcome();
        ServiceClient model = harness.serviceClient("model");

        // A session service's push reaches whichever replica the relay's address picks.
        for (URI replica : List.of(first, second)) {
            JsonNode reply = model.call(
                    replica,
                    PushRequest.ACTION,
                    new PushRequest("s1", "model", Json.object().put("via", replica.toString())));
            assertThat(reply.path("delivered").asInt())
                    .as("pushed to " + replica)
                    .isEqualTo(2);
            for (TestClient client : List.of(onFirst, onSecond)) {
                assertThat(client.next().path("message").path("via").asText()).isEqualTo(replica.toString());
            }
        }
        // Once each: a reply is the next message, not a second copy passed back by the peer.
        for (TestClient client : List.of(onFirst, onSecond)) {
            client.request(7, "echo", "Echo", "message", "after the pushes");
            assertThat(client.next().path("type").asText()).isEqualTo("reply");
        }
    }

    @Test
    void aPushToASessionWithoutClientsIsDeliveredToNobody() {
        relay();
        JsonNode reply = harness.serviceClient("model")
                .call(harness.relayUrl(), PushRequest.ACTION, new PushRequest("nobody-here", "model", Json.object()));
        assertThat(reply.path("delivered").asInt()).isZero();
    }

    @Test
    void aPushNeedsAServiceCertificate() {
        relay();
        ServiceClient thinClient = new ServiceClient(
                org.opentwinj.platform.transport.client.TrustOnlyTls.trusting(List.of(harness.ca.certificate())),
                org.opentwinj.platform.transport.client.ClientOptions.DEFAULT);
        try (thinClient) {
            assertThatThrownBy(() -> thinClient.callPublic(
                            harness.relayUrl(),
                            PushRequest.ACTION,
                            new PushRequest("s1", "model", Json.object()),
                            harness.token("alice")))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(403));
        }
    }

    @Test
    void withoutSessionParameterTheConnectionClosesWith4400() {
        relay();
        String token = harness.token("alice");
        TestClient client = harness.connect(
                URI.create("wss://localhost:" + harness.relayUrl().getPort() + "/relay"),
                builder -> builder.header("Authorization", "Bearer " + token),
                true);

        TestClient.Closed closed = client.awaitClose();
        assertThat(closed.code()).isEqualTo(4400);
        assertThat(closed.reason()).contains("no session parameter");
    }

    @Test
    void missingInvalidAndExpiredTokensCloseWith4401() {
        relay();
        harness.runningSession("s1", "alice");

        TestClient noToken = harness.connect(harness.sessionUri("s1"), builder -> {}, true);
        assertThat(noToken.awaitClose()).satisfies(closed -> {
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).startsWith("no token");
        });
        assertThat(harness.connect("s1", "not-a-token").awaitClose())
                .isEqualTo(new TestClient.Closed(4401, "not a token"));
        assertThat(harness.connect("s1", harness.expiredToken("alice")).awaitClose())
                .isEqualTo(new TestClient.Closed(4401, "token expired"));
        assertThat(harness.connectWithSubprotocol("s1", "forged.token.value")
                        .awaitClose()
                        .code())
                .isEqualTo(4401);
    }

    @Test
    void anotherUsersSessionClosesWith4403ButAnAdminMayOpenIt() {
        relay();
        harness.runningSession("s1", "alice");

        TestClient.Closed closed =
                harness.connect("s1", harness.token("mallory", "user")).awaitClose();
        assertThat(closed)
                .isEqualTo(new TestClient.Closed(
                        4403, "session s1 belongs to another user: join it first (Session.Join)"));

        TestClient admin = harness.connect("s1", harness.token("root", "admin"));
        assertThat(admin.welcome().path("user").asText()).isEqualTo("root");
        admin.request(1, "echo", "Echo", "message", "support");
        assertThat(admin.next().path("result").path("caller").asText()).isEqualTo("user root via service CN=relay");
    }

    @Test
    void anUnknownSessionClosesWith4404() {
        relay();
        TestClient.Closed closed =
                harness.connect("no-such-session", harness.token("alice")).awaitClose();
        assertThat(closed).isEqualTo(new TestClient.Closed(4404, "unknown session no-such-session"));
    }

    @Test
    void aSessionThatIsNotRunningClosesWith4409ButARecoveringOneIsServed() {
        relay();
        harness.session("starting", "alice", "STARTING", Map.of());
        harness.session("recovering", "alice", "RECOVERING", Map.of("echo", harness.echoUrl));

        TestClient.Closed closed =
                harness.connect("starting", harness.token("alice")).awaitClose();
        assertThat(closed).isEqualTo(new TestClient.Closed(4409, "session starting is not running (state STARTING)"));
        assertThat(harness.connect("recovering", harness.token("alice"))
                        .welcome()
                        .path("session")
                        .asText())
                .isEqualTo("recovering");

        // Once it runs, the client gets in at once: a refusal is not cached.
        harness.runningSession("starting", "alice");
        assertThat(harness.connect("starting", harness.token("alice"))
                        .welcome()
                        .path("session")
                        .asText())
                .isEqualTo("starting");
    }

    @Test
    void anUnreachableGssClosesWith4503() {
        harness.startRelay(RelayConfig.DEFAULTS, RelayHarness.deadUrl());
        TestClient.Closed closed = harness.connect("s1", harness.token("alice")).awaitClose();
        assertThat(closed.code()).isEqualTo(4503);
        assertThat(closed.reason()).startsWith("GSS unreachable");
    }

    @Test
    void aMalformedMessageGetsAnErrorAndTheConnectionStaysUsable() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.sendText("{not json");
        JsonNode error = client.next();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("reason").asText()).startsWith("malformed JSON at line 1");

        client.sendText("{\"id\":5,\"service\":\"echo\"}");
        assertThat(client.next().toString())
                .isEqualTo("{\"type\":\"error\",\"id\":5,\"reason\":\"missing field 'message'\"}");

        client.socket()
                .sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2}), true)
                .join();
        assertThat(client.next().path("reason").asText()).startsWith("binary messages are not supported");

        client.request(6, "echo", "Echo", "message", "still here");
        assertThat(client.next().path("result").path("message").asText()).isEqualTo("still here");
    }

    @Test
    void theFirstMessageForAnOnDemandServiceStartsItAndIsDeliveredOnceItIsReady() throws Exception {
        relay();
        harness.session("s1", "alice", "RUNNING", Map.of("model", harness.echoUrl));
        harness.onDemand.put("s1", Map.of("echo", harness.echoUrl));
        harness.demandGate = new CountDownLatch(1);
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(1, "echo", "Echo", "message", "first");
        client.request(2, "echo", "Echo", "message", "second");
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.demands.size() == 1);
        harness.demandGate.countDown();

        List<JsonNode> replies = List.of(client.next(), client.next());
        assertThat(replies)
                .extracting(reply -> reply.path("result").path("message").asText())
                .containsExactlyInAnyOrder("first", "second");
        assertThat(harness.demands).as("both messages waited for one start").containsExactly("s1/echo");

        // Routed from now on: no second demand.
        client.request(3, "echo", "Echo", "message", "third");
        assertThat(client.next().path("result").path("message").asText()).isEqualTo("third");
        assertThat(harness.demands).containsExactly("s1/echo");
    }

    @Test
    void anOnDemandServiceThatStoppedWhileItsRouteWasCachedIsStartedAgain() throws Exception {
        relay();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        harness.session("s1", "alice", "RUNNING", Map.of("echo", URI.create("https://localhost:" + closedPort)));
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();
        // echo stopped for idleness: the GSS names it no more, the relay still has the old route.
        harness.session("s1", "alice", "RUNNING", Map.of("model", harness.echoUrl));
        harness.onDemand.put("s1", Map.of("echo", harness.echoUrl));

        client.request(7, "echo", "Echo", "message", "back again");

        assertThat(client.next().path("result").path("message").asText()).isEqualTo("back again");
        assertThat(harness.demands).containsExactly("s1/echo");
    }

    @Test
    void aServiceThatCannotStartOnDemandIsAnErrorReplyNamingItAndTheReason() {
        relay();
        harness.session("s1", "alice", "RUNNING", Map.of("model", harness.echoUrl));
        harness.onDemand.put(
                "s1", Map.of("echo", "echo of session s1 could not be started: echo exited with code 2 (bad flag)"));
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(4, "echo", "Echo", "message", "hello");

        JsonNode reply = client.next();
        assertThat(reply.path("status").asText()).isEqualTo("error");
        assertThat(reply.path("id").asInt()).isEqualTo(4);
        assertThat(reply.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(reply.path("reason").asText())
                .isEqualTo("service 'echo' could not be started: echo of session s1 could not be started: echo exited"
                        + " with code 2 (bad flag)");
    }

    @Test
    void anUnknownServiceIsAnErrorReplyNamingTheKnownServices() {
        relay();
        harness.session("s1", "alice", "RUNNING", Map.of("echo", harness.echoUrl, "model", harness.echoUrl));
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(3, "solver", "Solve");
        JsonNode reply = client.next();
        assertThat(reply.path("status").asText()).isEqualTo("error");
        assertThat(reply.path("id").asInt()).isEqualTo(3);
        assertThat(reply.path("httpStatus").asInt()).isEqualTo(404);
        assertThat(reply.path("reason").asText())
                .isEqualTo("unknown service 'solver' in session s1; its services are: echo, model");
    }

    @Test
    void theServicesRefusalPassesThrough() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(4, "echo", "Echo", "message", "x", "delayMs", -1);
        JsonNode reply = client.next();
        assertThat(reply.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(reply.path("reason").asText()).isEqualTo("field 'delayMs' must be between 0 and 60000");

        client.request(5, "echo", "NoSuchAction");
        assertThat(client.next().path("httpStatus").asInt()).isEqualTo(404);
    }

    @Test
    void aRenewedTokenIsUsedForTheRequestsAfterIt() {
        relay();
        harness.runningSession("s1", "alice");
        String first = harness.token("alice");
        TestClient client = harness.connect("s1", first);
        client.welcome();
        harness.revokedAtEcho.add(tokenId(first));

        client.request(1, "echo", "Echo", "message", "old token");
        JsonNode refused = client.next();
        assertThat(refused.path("httpStatus").asInt()).isEqualTo(401);
        assertThat(refused.path("reason").asText()).isEqualTo("token revoked");

        client.send(Json.object().put("type", "token").put("token", "garbage"));
        assertThat(client.next().path("reason").asText()).startsWith("token refused: not a token");

        client.send(Json.object().put("type", "token").put("token", harness.token("alice")));
        client.request(2, "echo", "Echo", "message", "new token");
        assertThat(client.next().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void aTokenOfAnotherUserClosesWith4401() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.send(Json.object().put("type", "token").put("token", harness.token("mallory")));
        assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(4401, "the new token is for another user"));
    }

    @Test
    void requestsBeyondMaxInFlightWaitAndAllComplete() {
        harness.startRelay(RelayConfig.DEFAULTS.withMaxInFlight(2));
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        for (int id = 1; id <= 6; id++) {
            client.request(id, "echo", "Echo", "message", RelayHarness.GATED);
        }
        // Two requests reach the service and wait there; the relay reads no further meanwhile.
        await("exactly the two allowed requests waiting at the service")
                .atMost(Duration.ofSeconds(10))
                .until(() -> harness.echoRunning.get() == 2);
        harness.echoGate.release(6);

        Set<Integer> replied = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            JsonNode reply = client.next();
            assertThat(reply.path("status").asText()).as("reply %s", reply).isEqualTo("ok");
            replied.add(reply.path("id").asInt());
        }
        assertThat(replied).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        assertThat(harness.echoMostRunning.get())
                .as("requests the service ran at once")
                .isEqualTo(2);
    }

    @Test
    void aPushToAClientThatDoesNotReadAnswers503() {
        harness.startRelay(RelayConfig.DEFAULTS.withClientQueue(2).withPushWait(Duration.ofMillis(300)));
        harness.runningSession("s1", "alice");
        String token = harness.token("alice");
        TestClient stalled = harness.connect(
                harness.sessionUri("s1"), builder -> builder.header("Authorization", "Bearer " + token), false);
        stalled.welcome();
        ServiceClient model = harness.serviceClient("model");
        ObjectNode bulky = Json.object().put("data", "x".repeat(256 * 1024));

        // The socket's buffers take a few megabytes before the client's queue fills up.
        PeerCallException refusal = null;
        for (int attempt = 0; attempt < 400 && refusal == null; attempt++) {
            try {
                model.call(harness.relayUrl(), PushRequest.ACTION, new PushRequest("s1", "model", bulky));
            } catch (PeerCallException e) {
                refusal = e;
            }
        }

        assertThat(refusal).as("a refused push").isNotNull();
        assertThat(refusal.httpStatus()).isEqualTo(503);
        assertThat(refusal.reason()).startsWith("client alice (connection ").contains("is not keeping up");
        assertThat(refusal.retryAfter()).contains(Relay.PUSH_RETRY_AFTER);
    }

    @Test
    void pingsKeepAnIdleConnectionOpen() {
        harness.startRelay(RelayConfig.DEFAULTS.withPingInterval(Duration.ofMillis(100)));
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        await().atMost(Duration.ofSeconds(10)).until(() -> client.pings() >= 6);

        assertThat(client.isClosed()).isFalse();
        assertThat(harness.relay().connectionCount("s1")).isEqualTo(1);
        client.request(1, "echo", "Echo", "message", "after a while");
        assertThat(client.next().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void aClientThatAnswersNoPingsIsClosedWith1001() {
        harness.startRelay(RelayConfig.DEFAULTS.withPingInterval(Duration.ofMillis(100)));
        harness.runningSession("s1", "alice");
        String token = harness.token("alice");
        TestClient silent = harness.connect(
                harness.sessionUri("s1"), builder -> builder.header("Authorization", "Bearer " + token), false);
        silent.welcome();

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.relay().connectionCount("s1") == 0);

        silent.request(Long.MAX_VALUE);
        TestClient.Closed closed = silent.awaitClose();
        assertThat(closed.code()).isEqualTo(1001);
        assertThat(closed.reason()).startsWith("ping timeout");
    }

    @Test
    void aClientThatVanishedIsForgottenByTheKeepAlive() throws InterruptedException {
        harness.startRelay(RelayConfig.DEFAULTS.withPingInterval(Duration.ofMillis(100)));
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();
        assertThat(harness.relay().connectionCount("s1")).isEqualTo(1);

        client.abort();

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.relay().connectionCount("s1") == 0);
        assertThat(harness.relay().push(new PushRequest("s1", "model", Json.object())))
                .isZero();
    }

    @Test
    void aMessageLargerThanTheLimitClosesWith1009() {
        harness.startRelay(RelayConfig.DEFAULTS.withMaxMessageBytes(1024));
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(1, "echo", "Echo", "message", "é".repeat(600));

        assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(1009, "message larger than 1024 bytes"));
    }

    @Test
    void stoppingTheRelayClosesEveryClientWith1001() {
        Relay relay = relay();
        harness.runningSession("s1", "alice");
        harness.runningSession("s2", "bob");
        TestClient alice = harness.connect("s1", harness.token("alice"));
        TestClient bob = harness.connect("s2", harness.token("bob"));
        alice.welcome();
        bob.welcome();

        relay.close();

        assertThat(alice.awaitClose()).isEqualTo(new TestClient.Closed(1001, "relay stopping"));
        assertThat(bob.awaitClose()).isEqualTo(new TestClient.Closed(1001, "relay stopping"));
        assertThat(relay.connectionCount()).isZero();
        assertThat(harness.connect("s1", harness.token("alice")).awaitClose())
                .isEqualTo(new TestClient.Closed(1001, "relay stopping"));
    }

    @Test
    void aRestartedRelayServesTheSessionsClientsWhenTheyReconnect() {
        Relay first = relay();
        harness.runningSession("s1", "alice");
        String token = harness.token("alice");
        TestClient client = harness.connect("s1", token);
        client.welcome();
        client.request(1, "echo", "Echo", "message", "before");
        assertThat(client.next().path("result").path("message").asText()).isEqualTo("before");
        int lookupsBefore = harness.routeLookups("s1");

        first.close();
        assertThat(client.awaitClose().code()).isEqualTo(1001);
        relay();

        // The new relay holds nothing of the old one: it reads the session's routes from the GSS again.
        TestClient again = harness.connect("s1", token);
        assertThat(again.welcome().path("services").toString()).isEqualTo("[\"echo\"]");
        again.request(2, "echo", "Echo", "message", "after");
        assertThat(again.next().path("result").path("message").asText()).isEqualTo("after");
        assertThat(harness.routeLookups("s1")).isGreaterThan(lookupsBefore);
    }

    @Test
    void routesAreCachedPerSession() {
        relay();
        harness.runningSession("s1", "alice");
        TestClient first = harness.connect("s1", harness.token("alice"));
        first.welcome();
        TestClient second = harness.connect("s1", harness.token("alice"));
        second.welcome();
        first.request(1, "echo", "Echo", "message", "m");
        first.next();

        assertThat(harness.routeLookups("s1")).isEqualTo(1);
    }

    @Test
    void aKnownSessionsTrafficGoesOnWhileTheGssAnswersThatItsDatabaseIsUnavailable() throws InterruptedException {
        // Routes expire at once, so that every request below asks the GSS again.
        harness.startRelay(RelayConfig.DEFAULTS.withRouteCacheTtl(Duration.ofMillis(1)));
        harness.runningSession("s1", "alice");
        String token = harness.token("alice");
        TestClient client = harness.connect("s1", token);
        client.welcome();
        harness.gssDatabaseUnavailable = true;

        for (int i = 1; i <= 5; i++) {
            Thread.sleep(2); // past the 1 ms lifetime
            client.request(i, "echo", "Echo", "message", "m" + i);
            JsonNode reply = client.next();
            assertThat(reply.path("status").asText()).as("reply %s", reply).isEqualTo("ok");
            assertThat(reply.path("result").path("message").asText()).isEqualTo("m" + i);
        }
        // A new connection to the known session is let in too.
        TestClient second = harness.connect("s1", token);
        assertThat(second.welcome().path("session").asText()).isEqualTo("s1");
        assertThat(harness.routeLookups("s1"))
                .as("the GSS was asked and refused")
                .isGreaterThan(1);
    }

    @Test
    void aKnownSessionsTrafficGoesOnWhileTheGssDoesNotAnswer() throws InterruptedException {
        harness.startRelay(RelayConfig.DEFAULTS.withRouteCacheTtl(Duration.ofMillis(1)));
        harness.runningSession("s1", "alice");
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();
        CountDownLatch stalled = new CountDownLatch(1);
        harness.gssStalled = stalled;
        try {
            for (int i = 1; i <= 5; i++) {
                Thread.sleep(2); // past the 1 ms lifetime
                client.request(i, "echo", "Echo", "message", "m" + i);
                JsonNode reply = client.next();
                assertThat(reply.path("status").asText()).as("reply %s", reply).isEqualTo("ok");
            }
            assertThat(harness.routeLookups("s1"))
                    .as("one lookup hangs, nobody else asks")
                    .isEqualTo(2);
        } finally {
            stalled.countDown();
        }
    }

    @Test
    void anUnknownSessionIsRefusedWhileTheGssAnswersThatItsDatabaseIsUnavailable() {
        relay();
        harness.runningSession("s1", "alice");
        harness.gssDatabaseUnavailable = true;

        TestClient.Closed closed = harness.connect("s1", harness.token("alice")).awaitClose();

        assertThat(closed.code()).isEqualTo(4503);
        assertThat(closed.reason())
                .isEqualTo("GSS cannot answer: database unavailable: it did not answer within 5000 ms");
    }

    @Test
    void aServiceThatMovedIsLookedUpAgainAndReached() {
        relay();
        harness.session("s1", "alice", "RUNNING", Map.of("echo", RelayHarness.deadUrl()));
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();
        // The service restarted elsewhere; the relay still has the old address cached.
        harness.runningSession("s1", "alice");

        client.request(1, "echo", "Echo", "message", "found you");

        JsonNode reply = client.next();
        assertThat(reply.path("status").asText()).as("reply %s", reply).isEqualTo("ok");
        assertThat(reply.path("result").path("message").asText()).isEqualTo("found you");
        assertThat(harness.routeLookups("s1")).isEqualTo(2);
    }

    @Test
    void anUnreachableServiceIsA502WithThePeersReason() {
        relay();
        harness.session("s1", "alice", "RUNNING", Map.of("echo", RelayHarness.deadUrl()));
        TestClient client = harness.connect("s1", harness.token("alice"));
        client.welcome();

        client.request(1, "echo", "Echo", "message", "anyone?");

        JsonNode reply = client.next();
        assertThat(reply.path("httpStatus").asInt()).isEqualTo(502);
        assertThat(reply.path("reason").asText()).isEqualTo("service 'echo' unreachable: connection refused");
    }

    private static String tokenId(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
