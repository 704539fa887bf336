package org.opentwinj.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.systemtest.kubernetes.NetworkPolicies.Endpoint;
import org.opentwinj.systemtest.kubernetes.Rendered.Workload;

/**
 * The NetworkPolicies of every overlay allow exactly the flows the platform makes (and DNS),
 * evaluated the way a network plugin enforces them, and refuse a sample of the ones it must
 * not make. Ports come from the rendered workloads, so a port change without its policy fails.
 */
class NetworkPolicyTest {
    /** A session pod's labels and port, as the Kubernetes spawner makes them. */
    static final Map<String, String> SESSION_POD_LABELS =
            PodNames.serviceLabels("lss-0", "s-1", "p-1", "model", "model");

    static final int SESSION_PORT = PodNames.PORT;

    /** A warm pool pod's labels, as the Kubernetes pool makes them before a session takes it. */
    static final Map<String, String> POOL_POD_LABELS = Map.of(
            PodNames.NAME,
            "opentwin",
            PodNames.COMPONENT,
            "session-pool",
            PodNames.LSS,
            "lss-0",
            PodNames.POOLED,
            "true");

    /** Who calls whom: the flows the services make (docs/kubernetes.md, "Network policies"). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "client", List.of("web", "relay", "auth", "gss"),
            "gss", List.of("auth", "lss", "logger", "mongodb"),
            "auth", List.of("logger", "mongodb"),
            "relay", List.of("gss", "auth", "logger", "session", "relay"),
            "web", List.of("gss", "auth", "logger", "relay"),
            "lss", List.of("gss", "auth", "logger", "mongodb", "session", "pool"),
            "session", List.of("lss", "gss", "auth", "logger", "mongodb", "relay", "session"),
            "mongodb-init", List.of("mongodb"));

    /** Flows that must stay closed: data and internals are not reachable from outside or from services that do not need them. */
    static final Map<String, List<String>> REFUSED = Map.of(
            "client", List.of("logger", "mongodb", "lss", "session", "pool"),
            "relay", List.of("mongodb", "lss", "pool"),
            "session", List.of("pool"),
            "pool", List.of("lss", "gss", "auth", "logger", "mongodb", "relay", "session"),
            "web", List.of("mongodb", "lss", "session"),
            "auth", List.of("lss", "session", "gss"),
            "logger", List.of("mongodb", "gss", "auth"),
            "mongodb", List.of("gss", "auth", "logger"),
            "mongodb-init", List.of("gss", "auth", "logger", "lss", "web", "relay", "session"));

    static Stream<String> overlays() {
        return Rendered.OVERLAYS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theFlowsThePlatformNeedsAreOpen(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        NetworkPolicies policies = new NetworkPolicies(rendered.all(NetworkPolicy.class), ManifestsTest.NAMESPACE);
        Map<String, Endpoint> endpoints = endpoints(rendered);
        Map<String, Integer> ports = ports(rendered);

        REQUIRED.forEach((from, targets) -> {
            for (String to : targets) {
                assertThat(policies.allows(endpoints.get(from), endpoints.get(to), ports.get(to), "TCP"))
                        .as("%s: %s -> %s:%d must be allowed", overlay, from, to, ports.get(to))
                        .isTrue();
            }
        });
        Endpoint dns = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"));
        for (Endpoint pod : endpoints.values()) {
            if (pod.namespace() != null) {
                assertThat(policies.allows(pod, dns, 53, "UDP"))
                        .as("%s: %s resolves names", overlay, pod)
                        .isTrue();
                assertThat(policies.allows(pod, dns, 53, "TCP"))
                        .as("%s: %s resolves names over TCP", overlay, pod)
                        .isTrue();
            }
        }
        Endpoint apiServer = Endpoint.outside("kube-apiserver");
        assertThat(policies.allows(endpoints.get("lss"), apiServer, 6443, "TCP"))
                .as("%s: the LSS reaches the API server", overlay)
                .isTrue();
        assertThat(policies.allows(endpoints.get("lss"), apiServer, 443, "TCP"))
                .as("%s: the LSS reaches the API server", overlay)
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everythingElseIsClosed(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        NetworkPolicies policies = new NetworkPolicies(rendered.all(NetworkPolicy.class), ManifestsTest.NAMESPACE);
        Map<String, Endpoint> endpoints = endpoints(rendered);
        Map<String, Integer> ports = ports(rendered);

        REFUSED.forEach((from, targets) -> {
            for (String to : targets) {
                assertThat(policies.allows(endpoints.get(from), endpoints.get(to), ports.get(to), "TCP"))
                        .as("%s: %s -> %s:%d must be refused", overlay, from, to, ports.get(to))
                        .isFalse();
            }
        });
        Endpoint apiServer = Endpoint.outside("kube-apiserver");
        for (String service : List.of("gss", "auth", "relay", "web", "logger", "mongodb", "mongodb-init", "session")) {
            assertThat(policies.allows(endpoints.get(service), apiServer, 6443, "TCP"))
                    .as("%s: %s has no business with the API server", overlay, service)
                    .isFalse();
        }
        Endpoint internet = Endpoint.outside("somewhere");
        assertThat(policies.allows(endpoints.get("session"), internet, 80, "TCP"))
                .as("%s: session pods reach no outside address", overlay)
                .isFalse();
        assertThat(policies.allows(endpoints.get("mongodb-init"), internet, 443, "TCP"))
                .as("%s: the Job that holds every database password reaches no outside address", overlay)
                .isFalse();
        Endpoint otherNamespace = Endpoint.pod("intruder", "other", Map.of("app.kubernetes.io/component", "gss"));
        assertThat(policies.allows(otherNamespace, endpoints.get("mongodb"), ports.get("mongodb"), "TCP"))
                .as("%s: a pod of another namespace that borrows a platform label does not reach MongoDB", overlay)
                .isFalse();
    }

    /** The platform's pods by component name, the session pods as "session", a thin client as "client". */
    private static Map<String, Endpoint> endpoints(Rendered rendered) {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Workload workload : rendered.workloads()) {
            endpoints.put(workload.name(), Endpoint.pod(workload.name(), ManifestsTest.NAMESPACE, workload.labels()));
        }
        endpoints.put("session", Endpoint.pod("session", ManifestsTest.NAMESPACE, SESSION_POD_LABELS));
        endpoints.put("pool", Endpoint.pod("pool", ManifestsTest.NAMESPACE, POOL_POD_LABELS));
        endpoints.put("client", Endpoint.outside("client"));
        return endpoints;
    }

    /** Each component's listening port, as its workload declares it. */
    private static Map<String, Integer> ports(Rendered rendered) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Workload workload : rendered.workloads()) {
            workload.template().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream())
                    .map(ContainerPort::getContainerPort)
                    .findFirst()
                    .ifPresent(port -> ports.put(workload.name(), port));
        }
        ports.put("session", SESSION_PORT);
        ports.put("pool", SESSION_PORT);
        return ports;
    }
}
