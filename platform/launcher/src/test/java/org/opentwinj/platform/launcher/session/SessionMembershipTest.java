package org.opentwinj.platform.launcher.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ConfirmReply;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/**
 * A session service's side of the LSS: it confirms with its commands and runs on a {@code Run}
 * in the reply; it counts its idle time from requests other than the LSS's Ping and Run.
 */
class SessionMembershipTest {
    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final TlsMaterial tls = TlsMaterial.of(
            ca.issue(CertificateRequest.of("lss", List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    /** A request without fields. */
    record Empty() {}

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicReference<ConfirmRequest> confirmed = new AtomicReference<>();
    private final AtomicReference<RunRequest> runInReply = new AtomicReference<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    /** A fake LSS answering Service.Confirm with the Run it is given (or none). */
    private URI lss() {
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.internal(ActionNames.SERVICE_CONFIRM, ConfirmRequest.class, (request, call) -> {
                    confirmed.set(request);
                    return new ConfirmReply(request.session(), request.service(), runInReply.get());
                }))
                .register(ActionSpec.internal(ActionNames.SERVICE_DEMAND, DemandRequest.class, (request, call) -> {
                    if (!request.service().equals("mesh")) {
                        throw PublicException.notFound(
                                "session " + request.session() + " has no service " + request.service());
                    }
                    return new DemandReply("mesh", URI.create("https://localhost:3/" + request.session()));
                }));
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("lss", "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0),
                tls.serverContext(),
                registry,
                new ServiceMetrics("lss"),
                List.of());
        resources.add(server);
        return URI.create("https://localhost:" + server.port());
    }

    private SessionMembership member(URI lss, AtomicLong nanos) {
        ServiceClient client = new ServiceClient(
                tls.clientContext(), ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(30)));
        resources.add(client);
        return new SessionMembership(lss, "s1", "compute", client, nanos::get);
    }

    @Test
    void itConfirmsWithItsCommandsAndRunsOnTheRunInTheReply() {
        URI lss = lss();
        SessionMembership member = member(lss, new AtomicLong());
        CommandSpec command = new CommandSpec("Grid.Make", "Grid", "Mesh", "Create", List.of(), true, null, null);
        member.declareCommands(List.of(command));
        List<RunRequest> heard = new ArrayList<>();
        member.onRun(heard::add);
        RunRequest run = new RunRequest(
                "s1",
                "p1",
                "alice",
                Map.of("compute", URI.create("https://localhost:2")),
                URI.create("https://relay:1"));
        runInReply.set(run);

        member.confirm(URI.create("https://localhost:2"));

        assertThat(confirmed.get().commands()).containsExactly(command);
        assertThat(member.run()).contains(run);
        assertThat(heard).containsExactly(run);
    }

    @Test
    void itAsksTheLssForAnotherServiceOfItsSession() {
        SessionMembership member = member(lss(), new AtomicLong());

        assertThat(member.demand("mesh")).isEqualTo(URI.create("https://localhost:3/s1"));
        assertThatThrownBy(() -> member.demand("solver")).isInstanceOfSatisfying(PeerCallException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.reason()).isEqualTo("session s1 has no service solver");
        });
    }

    @Test
    void withoutRunInTheReplyItWaitsForRunAndSendsNoCommandsWhenItHasNone() {
        SessionMembership member = member(lss(), new AtomicLong());

        member.confirm(URI.create("https://localhost:2"));

        assertThat(confirmed.get().commands()).isNull();
        assertThat(member.run()).isEmpty();
    }

    @Test
    void itIsIdleSinceItsLastRequestNotCountingTheLssPingAndRunAndNeverWhileBusy() {
        AtomicLong nanos = new AtomicLong();
        SessionMembership member = member(URI.create("https://localhost:1"), nanos);
        ActionRegistry actions = new ActionRegistry();
        member.register(actions);
        actions.register(ActionSpec.anonymous("Ping", Empty.class, (request, call) -> Map.of()));
        actions.register(ActionSpec.anonymous("Work", Empty.class, (request, call) -> Map.of()));

        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        call(actions, "Ping");
        assertThat(member.idleFor()).isEqualTo(Duration.ofMinutes(3));

        call(actions, "Work");
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(member.idleFor()).isEqualTo(Duration.ofSeconds(5));

        AtomicBoolean jobRuns = new AtomicBoolean();
        member.busyWhile(jobRuns::get);
        assertThat(member.busy()).isFalse();
        jobRuns.set(true);
        assertThat(member.busy()).isTrue();
    }

    private static void call(ActionRegistry actions, String action) {
        actions.dispatch(
                Channel.MUTUAL_TLS,
                ("{\"action\":\"" + action + "\"}").getBytes(StandardCharsets.UTF_8),
                "CN=lss",
                null);
    }
}
