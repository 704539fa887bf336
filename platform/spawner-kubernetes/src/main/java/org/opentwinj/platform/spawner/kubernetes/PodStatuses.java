package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.spawner.ExitStatus;

/**
 * Reads a pod's status as the LSS needs it: still running, ready, or stopped and why, in
 * words a user understands. Pure: no I/O, tested on hand-made statuses.
 */
final class PodStatuses {
    /** Waiting reasons of a container whose image cannot be had: starting again pulls the same image. */
    private static final Set<String> IMAGE_FAILURES =
            Set.of("ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "RegistryUnavailable");
    /** Waiting reasons of a pod spec the node cannot run: starting again builds the same spec. */
    private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError");

    private PodStatuses() {}

    /** Empty while the pod runs or is on its way; its exit status once it stopped or cannot start. */
    static Optional<ExitStatus> exit(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        Optional<ContainerStatus> container = container(status);
        ContainerState state = container.map(ContainerStatus::getState).orElse(null);
        if (state != null && state.getTerminated() != null) {
            return Optional.of(terminated(state.getTerminated()));
        }
        if (state != null && state.getWaiting() != null) {
            Optional<ExitStatus> waiting = waiting(pod, container.get(), state.getWaiting());
            if (waiting.isPresent()) {
                return waiting;
            }
        }
        if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
            String why = status.getReason() == null ? "" : status.getReason();
            String message = status.getMessage() == null ? "" : ": " + status.getMessage();
            return Optional.of(new ExitStatus(
                    -1,
                    "Evicted".equals(why)
                            ? "was evicted" + message
                            : "stopped (pod " + status.getPhase() + (why.isEmpty() ? "" : ", " + why) + ")" + message));
        }
        for (PodCondition condition : conditions(status)) {
            if ("PodScheduled".equals(condition.getType())
                    && "False".equals(condition.getStatus())
                    && "Unschedulable".equals(condition.getReason())) {
                return Optional.of(
                        new ExitStatus(-1, "cannot be scheduled on any node: " + text(condition.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static ExitStatus terminated(ContainerStateTerminated terminated) {
        int code = terminated.getExitCode() == null ? -1 : terminated.getExitCode();
        String reason = terminated.getReason();
        if ("OOMKilled".equals(reason)) {
            return new ExitStatus(code, "was killed for using more memory than its limit (OOMKilled)");
        }
        if ("ContainerCannotRun".equals(reason) || "StartError".equals(reason)) {
            return new ExitStatus(code, "cannot run: " + text(terminated.getMessage()), true);
        }
        // An ordinary exit: the LSS names the code and the service's last error line.
        return new ExitStatus(code);
    }

    private static Optional<ExitStatus> waiting(Pod pod, ContainerStatus container, ContainerStateWaiting waiting) {
        String reason = waiting.getReason() == null ? "" : waiting.getReason();
        String image = image(pod);
        if (IMAGE_FAILURES.contains(reason)) {
            return Optional.of(ExitStatus.permanentFailure(
                    "image " + image + " cannot be pulled: " + text(waiting.getMessage()) + " (" + reason + ")"));
        }
        if ("InvalidImageName".equals(reason)) {
            return Optional.of(
                    ExitStatus.permanentFailure("image name " + image + " is invalid: " + text(waiting.getMessage())));
        }
        if (CONFIG_FAILURES.contains(reason)) {
            return Optional.of(ExitStatus.permanentFailure(
                    "container cannot be created: " + text(waiting.getMessage()) + " (" + reason + ")"));
        }
        if ("CrashLoopBackOff".equals(reason)) {
            ContainerStateTerminated last = container.getLastState() == null
                    ? null
                    : container.getLastState().getTerminated();
            int code = last == null || last.getExitCode() == null ? -1 : last.getExitCode();
            return Optional.of(new ExitStatus(
                    code,
                    "keeps crashing (CrashLoopBackOff" + (code >= 0 ? ", last exit code " + code : "") + "): "
                            + text(waiting.getMessage())));
        }
        return Optional.empty();
    }

    /** The pod's Ready condition. */
    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && conditions(pod.getStatus()).stream()
                        .anyMatch(condition ->
                                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /**
     * What the service said last: the last error record of its termination message (which holds
     * the log's tail, see {@code FallbackToLogsOnError}), else its last line.
     */
    static Optional<String> lastWords(Pod pod) {
        return pod.getStatus() == null
                ? Optional.empty()
                : container(pod.getStatus())
                        .map(PodStatuses::terminatedOrLast)
                        .map(ContainerStateTerminated::getMessage)
                        .flatMap(PodStatuses::lastWords);
    }

    private static ContainerStateTerminated terminatedOrLast(ContainerStatus status) {
        if (status.getState() != null && status.getState().getTerminated() != null) {
            return status.getState().getTerminated();
        }
        return status.getLastState() == null ? null : status.getLastState().getTerminated();
    }

    /** The message of the last ERROR record of JSON log lines, else the last non-blank line. */
    static Optional<String> lastWords(String output) {
        if (output == null || output.isBlank()) {
            return Optional.empty();
        }
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.contains("\"level\":\"ERROR\"")) {
                try {
                    return Optional.of(
                            Json.mapper().readTree(line).path("message").asText(line));
                } catch (IOException notJson) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.of(lines.getLast().strip());
    }

    private static Optional<ContainerStatus> container(PodStatus status) {
        return status.getContainerStatuses() == null
                ? Optional.empty()
                : status.getContainerStatuses().stream()
                        .filter(c -> PodSpecs.CONTAINER.equals(c.getName()))
                        .findFirst();
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static String image(Pod pod) {
        return pod.getSpec() == null
                ? "?"
                : pod.getSpec().getContainers().stream()
                        .filter(c -> PodSpecs.CONTAINER.equals(c.getName()))
                        .findFirst()
                        .map(c -> c.getImage())
                        .orElse("?");
    }

    private static String text(String message) {
        return message == null || message.isBlank() ? "no details given" : message.strip();
    }
}
