package org.opentwinj.services.model.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/** Services found through Run, and on-demand ones started through a scripted LSS over HTTPS. */
class RunServicesTest {
    record DemandRequest(String session, String service) {}

    private static final URI MESH = URI.create("https://mesh.example:8443");
    private static final URI SOLVER = URI.create("https://solver.example:8443");

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("Run test CA", List.of()), Duration.ofDays(2));
    private final List<DemandRequest> demands = Collections.synchronizedList(new ArrayList<>());
    private final ServiceMetrics metrics = new ServiceMetrics("lss");
    private final ServiceServer lss;
    private final ServiceClient client;
    private final ActionRegistry modelActions = new ActionRegistry();
    private final SessionMembership session;

    RunServicesTest() {
        ActionRegistry lssActions = new ActionRegistry()
                .register(ActionSpec.internal(ActionNames.SERVICE_DEMAND, DemandRequest.class, (r, call) -> {
                    demands.add(r);
                    if (r.service().equals("solver")) {
                        return Map.of("service", r.service(), "url", SOLVER.toString());
                    }
                    throw PublicException.notFound("session type default has no service " + r.service());
                }));
        lss = ServiceServer.start(
                new ServiceInfo("lss", "1", "site", URI.create("https://localhost")),
                ServerOptions.onPort(0),
                tls("lss").serverContext(),
                lssActions,
                metrics,
                List.of());
        client = new ServiceClient(
                tls("model.s-1").clientContext(), ClientOptions.DEFAULT.withRetries(1, Duration.ofMillis(10)));
        session = new SessionMembership(URI.create("https://localhost:" + lss.port()), "s-1", "model", client);
        session.register(modelActions);
    }

    private TlsMaterial tls(String name) {
        return TlsMaterial.of(ca.issue(
                CertificateRequest.of(name, List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    }

    private void run(Map<String, URI> services) {
        ObjectNode body = Json.mapper().valueToTree(new RunRequest("s-1", "p-1", "carol", services, null));
        body.put("action", "Run");
        assertThat(modelActions
                        .dispatch(Channel.MUTUAL_TLS, Json.writeBytes(body), "CN=lss", null)
                        .isSuccess())
                .isTrue();
    }

    @AfterEach
    void close() {
        client.close();
        lss.close();
        metrics.close();
    }

    @Test
    void aServiceRunListsIsRunningAtItsUrl() {
        RunServices services = new RunServices(session, URI.create("https://localhost:" + lss.port()), client);
        assertThat(services.running("mesh")).isEmpty();
        run(Map.of("mesh", MESH));
        assertThat(services.running("mesh")).contains(MESH);
        assertThat(services.running("solver")).isEmpty();
        assertThat(demands).isEmpty();
    }

    @Test
    void anOnDemandServiceIsStartedThroughTheLssAndKnownUntilTheNextRun() {
        RunServices services = new RunServices(session, URI.create("https://localhost:" + lss.port()), client);
        run(Map.of("mesh", MESH));
        assertThat(services.demand("solver")).isEqualTo(SOLVER);
        assertThat(demands).containsExactly(new DemandRequest("s-1", "solver"));
        assertThat(services.running("solver")).contains(SOLVER);
        run(Map.of("mesh", MESH));
        assertThat(services.running("solver")).isEmpty();
    }

    @Test
    void theLssRefusalOrAbsenceIsAReasonForTheUser() {
        RunServices services = new RunServices(session, URI.create("https://localhost:" + lss.port()), client);
        assertThatThrownBy(() -> services.demand("kriging"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("service kriging could not be started: session type default has no service kriging");
        RunServices noLss = new RunServices(session, URI.create("https://localhost:" + freePort()), client);
        assertThatThrownBy(() -> noLss.demand("solver"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageStartingWith("service solver is not running and the LSS cannot be reached to start it: ");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
