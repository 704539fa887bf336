package org.opentwinj.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.systemtest.kubernetes.Rendered.Workload;

/** What each overlay promises on top of the base. */
class OverlaysTest {
    /** Services whose replicas share nothing in memory that clients depend on (docs/kubernetes.md, "Scaling"). */
    static final List<String> REPLICATED = List.of("auth", "gss", "relay", "web", "lss");
    /** Services whose replicas the prod overlay leaves to an autoscaler. */
    static final List<String> AUTOSCALED = List.of("auth", "relay");

    @Test
    void devRunsOneOfEverythingWithDebugLogs() {
        Rendered dev = Rendered.of("overlays/dev");

        for (Workload workload : dev.workloads()) {
            assertThat(workload.replicas()).as("dev: %s replicas", workload).isEqualTo(1);
        }
        assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(dev.one(ConfigMap.class, "opentwin-platform").getData())
                .containsEntry("OPEN_TWIN_LOG_LEVEL", "debug");
    }

    @Test
    void prodReplicatesSpreadsAndBudgetsTheReplicatedServices() {
        Rendered prod = Rendered.of("overlays/prod");

        for (String name : REPLICATED) {
            Workload workload = prod.workload(name);
            if (!AUTOSCALED.contains(name)) {
                assertThat(workload.replicas()).as("prod: %s replicas", name).isGreaterThanOrEqualTo(2);
            }
            var affinity = workload.template().getSpec().getAffinity();
            assertThat(affinity).as("prod: %s spreads over nodes", name).isNotNull();
            List<WeightedPodAffinityTerm> terms =
                    affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
            assertThat(terms).as("prod: %s anti-affinity", name).anySatisfy(term -> {
                assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(NetworkPolicies.matches(term.getPodAffinityTerm().getLabelSelector(), workload.labels()))
                        .as("prod: %s anti-affinity selects its own replicas", name)
                        .isTrue();
                for (Workload other : prod.workloads()) {
                    if (!other.name().equals(name)) {
                        assertThat(NetworkPolicies.matches(
                                        term.getPodAffinityTerm().getLabelSelector(), other.labels()))
                                .as("prod: %s anti-affinity must not repel %s", name, other)
                                .isFalse();
                    }
                }
            });
            assertThat(prod.all(PodDisruptionBudget.class))
                    .as("prod: %s has a disruption budget", name)
                    .anyMatch(budget -> workload.labels()
                            .entrySet()
                            .containsAll(budget.getSpec()
                                    .getSelector()
                                    .getMatchLabels()
                                    .entrySet()));
        }
        for (String single : List.of("logger", "mongodb")) {
            Workload workload = prod.workload(single);
            assertThat(workload.replicas())
                    .as("prod: %s keeps state in memory or on one volume: one replica", single)
                    .isEqualTo(1);
            assertThat(prod.all(PodDisruptionBudget.class))
                    .as("prod: a budget for one replica of %s would block every drain", single)
                    .noneMatch(budget -> workload.labels()
                            .entrySet()
                            .containsAll(budget.getSpec()
                                    .getSelector()
                                    .getMatchLabels()
                                    .entrySet()));
        }
        for (PodDisruptionBudget budget : prod.all(PodDisruptionBudget.class)) {
            if (budget.getSpec().getMinAvailable() != null) {
                Workload workload = prod.workloads().stream()
                        .filter(w -> w.labels()
                                .entrySet()
                                .containsAll(budget.getSpec()
                                        .getSelector()
                                        .getMatchLabels()
                                        .entrySet()))
                        .findFirst()
                        .orElseThrow();
                int replicas = workload.replicas() == null ? minReplicas(prod, workload.name()) : workload.replicas();
                assertThat(budget.getSpec().getMinAvailable().getIntVal())
                        .as(
                                "prod: budget %s leaves room to drain a node",
                                budget.getMetadata().getName())
                        .isLessThan(replicas);
            }
        }
    }

    @Test
    void prodAutoscalesAuthAndTheRelayAndSizesEveryPod() {
        Rendered prod = Rendered.of("overlays/prod");

        assertThat(prod.all(HorizontalPodAutoscaler.class))
                .extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(AUTOSCALED);
        for (String name : AUTOSCALED) {
            assertThat(prod.workload(name).replicas())
                    .as("the autoscaler owns the replicas of %s", name)
                    .isNull();
            assertThat(prod.all(HorizontalPodAutoscaler.class))
                    .filteredOn(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
                    .allSatisfy(h -> assertThat(h.getSpec().getMinReplicas())
                            .as("%s: at least two replicas", name)
                            .isGreaterThanOrEqualTo(2));
        }
        // The relay's replicas pass pushes on to each other: they find each other through a
        // headless Service of the relay's pods, and the relay is told its name.
        Service peers = prod.one(Service.class, "relay-peers");
        assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(prod.workload("relay").labels().entrySet())
                .containsAll(peers.getSpec().getSelector().entrySet());
        assertThat(ManifestsTest.flags(prod.workload("relay").container()))
                .containsEntry("--relay-peers-dns", "relay-peers");
        Rendered base = Rendered.of("base");
        for (Workload workload : prod.workloads()) {
            Container container = workload.container();
            assertThat(container.getResources().getLimits())
                    .as("prod: %s memory limit", workload)
                    .containsKey("memory");
            assertThat(container.getResources().getRequests())
                    .as("prod: %s requests", workload)
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits())
                    .as("prod: %s has no CPU limit (throttling)", workload)
                    .doesNotContainKey("cpu");
            if (!workload.kind().equals("Job")) {
                assertThat(container.getResources().getRequests().get("memory").getNumericalAmount())
                        .as("prod: %s asks for at least the base's memory", workload)
                        .isGreaterThanOrEqualTo(base.workload(workload.name())
                                .container()
                                .getResources()
                                .getRequests()
                                .get("memory")
                                .getNumericalAmount());
            }
        }
        for (String name : List.of("web", "relay", "auth", "gss")) {
            assertThat(prod.one(Service.class, name).getSpec().getType())
                    .as("prod: %s is reachable from outside", name)
                    .isEqualTo("LoadBalancer");
        }
        for (String name : List.of("logger", "lss", "mongodb", "opentwin-sessions")) {
            assertThat(prod.one(Service.class, name).getSpec().getType())
                    .as("prod: %s stays inside", name)
                    .isNotEqualTo("LoadBalancer");
        }
    }

    @Test
    void windowsNodesRunThePlatformOnWindowsWorkersAndMongoDbOnLinux() {
        Rendered windows = Rendered.of("overlays/windows-nodes");
        Toleration windowsTaint = new Toleration("NoSchedule", "os", "Equal", null, "windows");

        for (String name : Rendered.PLATFORM_SERVICES) {
            PodSpec pod = windows.workload(name).template().getSpec();
            assertThat(pod.getNodeSelector())
                    .as("windows-nodes: %s", name)
                    .isEqualTo(Map.of("kubernetes.io/os", "windows"));
            assertThat(pod.getTolerations())
                    .as("windows-nodes: %s tolerates the Windows taint", name)
                    .contains(windowsTaint);
            assertThat(pod.getOs())
                    .as("windows-nodes: %s declares its OS", name)
                    .isNotNull();
            assertThat(pod.getOs().getName()).isEqualTo("windows");
            assertNoLinuxOnlyFields(name, pod);
        }
        for (String name : List.of("mongodb", "mongodb-init")) {
            PodSpec mongodb = windows.workload(name).template().getSpec();
            assertThat(mongodb.getNodeSelector())
                    .as("windows-nodes: %s (the mongo image) stays on Linux", name)
                    .isEqualTo(Map.of("kubernetes.io/os", "linux"));
        }
        Map<String, String> lss = ManifestsTest.flags(windows.workload("lss").container());
        assertThat(lss)
                .as("windows-nodes: session pods go to Windows workers too")
                .containsEntry("--node-selector", "kubernetes.io/os=windows")
                .containsEntry("--tolerations", "os=windows:NoSchedule");
    }

    /** What the API server refuses in a pod with {@code spec.os.name: windows}. */
    private static void assertNoLinuxOnlyFields(String name, PodSpec pod) {
        PodSecurityContext podContext = pod.getSecurityContext();
        if (podContext != null) {
            assertThat(podContext.getRunAsUser()).as("%s runAsUser", name).isNull();
            assertThat(podContext.getRunAsGroup()).as("%s runAsGroup", name).isNull();
            assertThat(podContext.getFsGroup()).as("%s fsGroup", name).isNull();
            assertThat(podContext.getSeccompProfile())
                    .as("%s seccompProfile", name)
                    .isNull();
            assertThat(podContext.getSeLinuxOptions())
                    .as("%s seLinuxOptions", name)
                    .isNull();
            assertThat(podContext.getSupplementalGroups())
                    .as("%s supplementalGroups", name)
                    .isNullOrEmpty();
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            SecurityContext context = container.getSecurityContext();
            if (context != null) {
                assertThat(context.getRunAsUser())
                        .as("%s container runAsUser", name)
                        .isNull();
                assertThat(context.getRunAsGroup())
                        .as("%s container runAsGroup", name)
                        .isNull();
                assertThat(context.getCapabilities())
                        .as("%s container capabilities", name)
                        .isNull();
                assertThat(context.getReadOnlyRootFilesystem())
                        .as("%s container readOnlyRootFilesystem", name)
                        .isNull();
                assertThat(context.getAllowPrivilegeEscalation())
                        .as("%s container allowPrivilegeEscalation", name)
                        .isNull();
                assertThat(context.getSeccompProfile())
                        .as("%s container seccompProfile", name)
                        .isNull();
                assertThat(context.getPrivileged())
                        .as("%s container privileged", name)
                        .isNull();
            }
        }
    }

    private static int minReplicas(Rendered rendered, String workload) {
        return rendered.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(workload))
                .findFirst()
                .map(h -> h.getSpec().getMinReplicas())
                .orElseThrow(() -> new AssertionError(workload + " has neither replicas nor an autoscaler"));
    }
}
