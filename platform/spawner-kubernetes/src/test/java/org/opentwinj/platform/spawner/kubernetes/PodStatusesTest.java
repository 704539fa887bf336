package org.opentwinj.platform.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.spawner.ExitStatus;

/** How pod statuses read to a user, on statuses as the kubelet writes them. */
class PodStatusesTest {
    private static final String IMAGE = "localhost/opentwin/fittd:0.1.0";

    private static PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("ot-1-fittd")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("service")
                .withImage(IMAGE)
                .endContainer()
                .endSpec();
    }

    private static Pod waiting(String reason, String message) {
        return pod().withNewStatus()
                .withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("service")
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void aPendingPodWithoutProblemsIsStillStarting() {
        assertThat(PodStatuses.exit(pod().build())).isEmpty();
        assertThat(PodStatuses.exit(waiting("ContainerCreating", null))).isEmpty();
        assertThat(PodStatuses.isReady(waiting("ContainerCreating", null))).isFalse();
    }

    @Test
    void anInvalidImageNameIsPermanent() {
        ExitStatus exit = PodStatuses.exit(waiting("InvalidImageName", "couldn't parse image reference"))
                .orElseThrow();
        assertThat(exit.permanent()).isTrue();
        assertThat(exit.reason()).isEqualTo("image name " + IMAGE + " is invalid: couldn't parse image reference");
    }

    @Test
    void aCrashLoopIsReportedWithTheLastExitCodeAndMayBeRestarted() {
        Pod pod = pod().withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("service")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .withMessage("back-off 40s restarting failed container")
                        .endWaiting()
                        .endState()
                        .withNewLastState()
                        .withNewTerminated()
                        .withExitCode(5)
                        .endTerminated()
                        .endLastState()
                        .build())
                .endStatus()
                .build();
        ExitStatus exit = PodStatuses.exit(pod).orElseThrow();
        assertThat(exit.permanent()).isFalse();
        assertThat(exit.code()).isEqualTo(5);
        assertThat(exit.reason())
                .isEqualTo(
                        "keeps crashing (CrashLoopBackOff, last exit code 5): back-off 40s restarting failed container");
    }

    @Test
    void anOutOfMemoryKillAndAnEvictionAreNamed() {
        Pod oom = pod().withNewStatus()
                .withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("service")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(137)
                        .withReason("OOMKilled")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build();
        assertThat(PodStatuses.exit(oom))
                .hasValue(new ExitStatus(137, "was killed for using more memory than its limit (OOMKilled)"));

        Pod evicted = pod().withNewStatus()
                .withPhase("Failed")
                .withReason("Evicted")
                .withMessage("The node was low on resource: ephemeral-storage.")
                .endStatus()
                .build();
        assertThat(PodStatuses.exit(evicted))
                .hasValue(new ExitStatus(-1, "was evicted: The node was low on resource: ephemeral-storage."));
    }

    @Test
    void lastWordsAreTheLastErrorRecordElseTheLastLine() {
        assertThat(PodStatuses.lastWords(
                        "{\"level\":\"ERROR\",\"message\":\"no license\"}\n{\"level\":\"INFO\",\"message\":\"bye\"}\n"))
                .hasValue("no license");
        assertThat(PodStatuses.lastWords("Error: could not find main class\n\n"))
                .hasValue("Error: could not find main class");
        assertThat(PodStatuses.lastWords("  \n")).isEmpty();
    }

    @Test
    void namesAreDnsLabelsAndLabelValuesValid() {
        assertThat(PodNames.pod("3F2A9C1E-5b7d", "mesh")).isEqualTo("ot-3f2a9c1e-mesh");
        assertThat(PodNames.labelValue("-Project: Ä/1-")).isEqualTo("Project----1");
        assertThat(PodNames.labelValue("x".repeat(80))).hasSize(63);
        assertThat(PodNames.host("ot-3f2a9c1e-mesh", "opentwin-sessions", "prod"))
                .isEqualTo("ot-3f2a9c1e-mesh.opentwin-sessions.prod.svc");
    }
}
