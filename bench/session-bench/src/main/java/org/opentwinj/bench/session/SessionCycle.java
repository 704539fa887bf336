package org.opentwinj.bench.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * One session of type {@code echo3}, opened and closed as a user would: {@code Session.New},
 * long polls of {@code Session.Events} until it is RUNNING, then {@code Session.Close} and
 * long polls until it is CLOSED (its project is free again only then). Open-to-ready is the
 * time from sending {@code Session.New} to the reply that first shows RUNNING.
 */
final class SessionCycle {
    /** How long one long poll may wait; an event ends it at once, so this only bounds how often stop flags are seen. */
    static final long POLL_WAIT_MS = 5_000;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(2);

    private final ThinClient client;
    private final Platform platform;
    private final Path archive;
    private final Duration openTimeout;

    /**
     * @param archive the variant's archive, to check that session services mapped it; null for none
     */
    SessionCycle(ThinClient client, Platform platform, Path archive, Duration openTimeout) {
        this.client = client;
        this.platform = platform;
        this.archive = archive;
        this.openTimeout = openTimeout;
    }

    /**
     * @param project     a project of the logged-in user with no active session
     * @param detailed    also read the services' memory, CPU, archive mapping and logs, and the platform's CPU
     * @param abandon     when it turns true before RUNNING, the session is closed and counted as cut off
     * @param commandLine receives the command line of one of its services (detailed only)
     */
    StartSample run(String project, boolean detailed, BooleanSupplier abandon, Consumer<List<String>> commandLine) {
        Map<String, Long> platformCpuBefore = detailed ? platform.cpuNanos() : Map.of();
        ProcFs.CpuCounters machineBefore = detailed ? ProcFs.machineCpu() : null;
        long harnessBefore = detailed ? ProcFs.cpuNanos(ProcessHandle.current().pid()) : -1;
        Instant sent = Instant.now();
        long t0 = System.nanoTime();
        long deadline = t0 + openTimeout.toNanos();
        int refused = 0;
        JsonNode page = null;
        while (page == null) {
            try {
                page = client.gss(ActionNames.SESSION_NEW, Map.of("project", project, "type", Platform.SESSION_TYPE));
            } catch (PeerCallException e) {
                if (e.httpStatus() != 429) {
                    return StartSample.failed(
                            StartSample.Kind.SESSION, "Session.New: " + kind(e), System.nanoTime(), refused);
                }
                refused++;
                Duration wait = e.retryAfter()
                        .filter(d -> d.compareTo(MAX_RETRY_AFTER) < 0)
                        .orElse(MAX_RETRY_AFTER);
                if (abandon.getAsBoolean() || System.nanoTime() + wait.toNanos() > deadline) {
                    return StartSample.failed(
                            StartSample.Kind.SESSION,
                            abandon.getAsBoolean() ? CUT_OFF : "HTTP 429 until the open timeout",
                            System.nanoTime(),
                            refused);
                }
                ChildProcesses.sleep(wait.toMillis());
            }
        }
        String session = page.path("session").asText();
        List<Timeline.Event> events = new ArrayList<>(Timeline.events(page.path("events")));
        long seq = page.path("lastSeq").asLong();
        String state = page.path("state").asText();
        try {
            while (!state.equals(SessionState.RUNNING.name())) {
                if (SessionState.valueOf(state).isEnded()) {
                    String reason =
                            page.hasNonNull("reason") ? page.path("reason").asText() : Timeline.lastMessage(events);
                    return StartSample.failed(
                            StartSample.Kind.SESSION, "session " + state + ": " + reason, System.nanoTime(), refused);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (abandon.getAsBoolean() || left <= 0) {
                    closeQuietly(session, seq);
                    return StartSample.failed(
                            StartSample.Kind.SESSION,
                            left <= 0 ? "not RUNNING within " + openTimeout.toSeconds() + " s" : CUT_OFF,
                            System.nanoTime(),
                            refused);
                }
                page = client.gss(
                        ActionNames.SESSION_EVENTS,
                        Map.of("session", session, "after", seq, "waitMs", Math.min(left, POLL_WAIT_MS)));
                events.addAll(Timeline.events(page.path("events")));
                seq = page.path("lastSeq").asLong(seq);
                state = page.path("state").asText();
            }
        } catch (PeerCallException e) {
            closeQuietly(session, seq);
            return StartSample.failed(
                    StartSample.Kind.SESSION, "Session.Events: " + kind(e), System.nanoTime(), refused);
        }
        long ready = System.nanoTime();
        Instant seen = Instant.now();
        double machineBusy = detailed ? ProcFs.machineCpu().busyPercentSince(machineBefore) : Double.NaN;
        long harnessUsed = detailed ? ProcFs.cpuNanos(ProcessHandle.current().pid()) - harnessBefore : -1;
        Map<String, Long> platformUsedToReady =
                detailed ? Platform.cpuBetween(platformCpuBefore, platform.cpuNanos()) : Map.of();

        List<Long> peak = new ArrayList<>();
        long servicesCpu = -1;
        int mapped = -1;
        if (detailed) {
            List<Long> pids = ProcFs.pidsWith("--session-id " + session + " ");
            servicesCpu = 0;
            mapped = archive == null ? -1 : 0;
            for (long pid : pids) {
                peak.add(ProcFs.peakRssKib(pid));
                long cpu = ProcFs.cpuNanos(pid);
                servicesCpu = cpu < 0 || servicesCpu < 0 ? -1 : servicesCpu + cpu;
                if (archive != null && ProcFs.maps(pid, archive)) {
                    mapped++;
                }
            }
            if (!pids.isEmpty()) {
                commandLine.accept(ProcFs.arguments(pids.getFirst()));
            }
        }
        double otherLoad = Double.NaN;
        if (detailed && servicesCpu >= 0 && harnessUsed >= 0 && !platformUsedToReady.isEmpty()) {
            long ours = servicesCpu
                    + harnessUsed
                    + platformUsedToReady.values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
            otherLoad = ProcFs.otherLoadPercent(
                    machineBusy, ours, ready - t0, Runtime.getRuntime().availableProcessors());
        }
        long closed = close(session, seq);
        Map<String, Long> platformCpu =
                detailed ? Platform.cpuBetween(platformCpuBefore, platform.cpuNanos()) : Map.of();

        List<Map<ServiceLog.Step, Long>> steps = new ArrayList<>();
        if (detailed) {
            Map<String, Instant> started = Timeline.processStarted(events);
            Map<String, Instant> confirmed = Timeline.serviceReady(events);
            for (String service : started.keySet()) {
                steps.add(ServiceLog.steps(
                        started.get(service),
                        ServiceLog.marks(platform.sessionLog(session, service)),
                        confirmed.get(service)));
            }
        }
        return new StartSample(
                StartSample.Kind.SESSION,
                null,
                ready - t0,
                closed,
                Timeline.sessionPhases(sent, seen, events).orElse(Map.of()),
                steps,
                peak,
                servicesCpu,
                platformCpu,
                mapped,
                ready,
                refused,
                otherLoad);
    }

    /** What a start stopped half-way at the end of a saturation level is recorded as (neither success nor failure). */
    static final String CUT_OFF = "cut off at the end of the level";

    /** Closes and waits for CLOSED; the time it took in ns, or -1 when it did not close in time. */
    private long close(String session, long after) {
        long begin = System.nanoTime();
        try {
            JsonNode page = client.gss(ActionNames.SESSION_CLOSE, Map.of("session", session));
            long seq = after;
            String state = page.path("state").asText();
            long deadline = begin + CLOSE_TIMEOUT.toNanos();
            while (!SessionState.valueOf(state).isEnded()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    BenchmarkRun.log("session " + session + " did not close within " + CLOSE_TIMEOUT.toSeconds()
                            + " s (" + state + ")");
                    return -1;
                }
                page = client.gss(
                        ActionNames.SESSION_EVENTS,
                        Map.of("session", session, "after", seq, "waitMs", Math.min(left, POLL_WAIT_MS)));
                seq = page.path("lastSeq").asLong(seq);
                state = page.path("state").asText();
            }
            return System.nanoTime() - begin;
        } catch (PeerCallException e) {
            BenchmarkRun.log("closing session " + session + " failed: " + e.getMessage());
            return -1;
        }
    }

    private void closeQuietly(String session, long after) {
        close(session, after);
    }

    /** A failure's kind for the report: the HTTP status (or "no answer") and the reason. */
    static String kind(PeerCallException e) {
        return (e.httpStatus() == 0 ? "no answer" : "HTTP " + e.httpStatus()) + ": " + e.reason();
    }
}
