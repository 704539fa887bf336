package org.opentwinj.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Decides, as a network plugin enforcing Kubernetes NetworkPolicies would, whether one
 * endpoint may open a TCP connection to another: the sender's egress and the receiver's
 * ingress must both allow it when a policy isolates them. Endpoints outside the namespace
 * (thin clients, the API server, cluster DNS) are not isolated by these policies.
 */
final class NetworkPolicies {
    /**
     * One end of a connection.
     *
     * @param name            for messages
     * @param namespace       its namespace, or null outside the cluster's pods (a thin client, the API server)
     * @param namespaceLabels the labels of its namespace
     * @param labels          its pod labels
     */
    record Endpoint(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) {
        static Endpoint pod(String name, String namespace, Map<String, String> labels) {
            return new Endpoint(name, namespace, Map.of("kubernetes.io/metadata.name", namespace), labels);
        }

        static Endpoint outside(String name) {
            return new Endpoint(name, null, Map.of(), Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;
    private final String namespace;

    NetworkPolicies(List<NetworkPolicy> policies, String namespace) {
        this.policies = List.copyOf(policies);
        this.namespace = namespace;
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(from.namespace())) {
            return true;
        }
        List<NetworkPolicy> isolating = policies.stream()
                .filter(p -> has(p, "Egress") && matches(p.getSpec().getPodSelector(), from.labels()))
                .toList();
        if (isolating.isEmpty()) {
            return true;
        }
        return isolating.stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), port, protocol));
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(to.namespace())) {
            return true;
        }
        List<NetworkPolicy> isolating = policies.stream()
                .filter(p -> has(p, "Ingress") && matches(p.getSpec().getPodSelector(), to.labels()))
                .toList();
        if (isolating.isEmpty()) {
            return true;
        }
        return isolating.stream()
                .flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), port, protocol));
    }

    private static boolean has(NetworkPolicy policy, String type) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) {
            // Kubernetes' default: Ingress, plus Egress when egress rules are given.
            return type.equals("Ingress") || !policy.getSpec().getEgress().isEmpty();
        }
        return types.contains(type);
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                // Addresses outside the pods of the cluster (the policies here use none for pods).
                if (endpoint.namespace() == null) {
                    return true;
                }
                continue;
            }
            if (endpoint.namespace() == null) {
                continue;
            }
            boolean namespaceMatches = peer.getNamespaceSelector() == null
                    ? namespace.equals(endpoint.namespace())
                    : matches(peer.getNamespaceSelector(), endpoint.namespaceLabels());
            boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), endpoint.labels());
            if (namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort allowed : ports) {
            String allowedProtocol = allowed.getProtocol() == null ? "TCP" : allowed.getProtocol();
            IntOrString number = allowed.getPort();
            if (!allowedProtocol.equals(protocol)) {
                continue;
            }
            if (number == null) {
                return true;
            }
            if (number.getIntVal() == null) {
                throw new AssertionError("named port '" + number.getStrVal()
                        + "' in a NetworkPolicy: use numbers, which this check and " + "every reader can follow");
            }
            int end = allowed.getEndPort() == null ? number.getIntVal() : allowed.getEndPort();
            if (port >= number.getIntVal() && port <= end) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
