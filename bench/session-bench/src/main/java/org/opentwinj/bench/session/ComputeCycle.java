package org.opentwinj.bench.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * One session of the compute type ({@link Platform#COMPUTE_TYPE}) as a client uses it:
 * {@code Session.New}, {@code Session.Events} long polls until RUNNING (open-to-ready), then,
 * when asked, one message for the on-demand service {@link Platform#ON_DEMAND_SERVICE} through
 * the relay's websocket, timed from sending it to its reply (the relay asks the GSS
 * {@code Session.Demand}, which has the LSS start the service; the message is delivered once it
 * confirmed); then {@code Session.Close} and long polls until CLOSED.
 */
final class ComputeCycle {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(90);

    /** What one cycle measured: open-to-ready, and the first command (null when not sent). */
    record Result(ComputeSample open, ComputeSample firstCommand) {}

    private final ThinClient client;
    private final Platform platform;
    private final Duration openTimeout;
    private final SSLContext trust;
    private final String runMarker;

    /** @param runMarker text every command line of this run's processes holds (the run directory) */
    ComputeCycle(ThinClient client, Platform platform, SSLContext trust, Duration openTimeout, String runMarker) {
        this.runMarker = runMarker;
        this.client = client;
        this.platform = platform;
        this.trust = trust;
        this.openTimeout = openTimeout;
    }

    /**
     * @param project      a project of the logged-in user with no active session
     * @param firstCommand also send the first command to the on-demand service and time it
     * @param abandon      when it turns true before RUNNING, the session is closed and the cycle fails as cut off
     */
    Result run(String project, boolean firstCommand, BooleanSupplier abandon) throws InterruptedException {
        return run(project, firstCommand, abandon, options -> {});
    }

    /**
     * As {@link #run(String, boolean, BooleanSupplier)}; {@code jvmOptions} receives, once the
     * session runs, the JVM options of one of its service processes as /proc shows them (a pooled
     * JVM's own command line does not name its session: then those of a pooled JVM of this run),
     * or nothing when none was found.
     */
    Result run(String project, boolean firstCommand, BooleanSupplier abandon, Consumer<List<String>> jvmOptions)
            throws InterruptedException {
        int warm = platform.poolSize() > 0 ? platform.warmPoolMembers() : -1;
        long t0 = System.nanoTime();
        long deadline = t0 + openTimeout.toNanos();
        JsonNode page;
        try {
            page = client.gss(ActionNames.SESSION_NEW, Map.of("project", project, "type", Platform.COMPUTE_TYPE));
        } catch (PeerCallException e) {
            return new Result(ComputeSample.failed("Session.New: " + SessionCycle.kind(e), load(), warm), null);
        }
        String session = page.path("session").asText();
        long seq = page.path("lastSeq").asLong();
        String state = page.path("state").asText();
        try {
            while (!state.equals(SessionState.RUNNING.name())) {
                if (SessionState.valueOf(state).isEnded()) {
                    return new Result(
                            ComputeSample.failed(
                                    "session " + state + ": "
                                            + page.path("reason").asText("no reason"),
                                    load(),
                                    warm),
                            null);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (abandon.getAsBoolean() || left <= 0) {
                    close(session, seq);
                    return new Result(
                            ComputeSample.failed(
                                    left <= 0
                                            ? "not RUNNING within " + openTimeout.toSeconds() + " s"
                                            : SessionCycle.CUT_OFF,
                                    load(),
                                    warm),
                            null);
                }
                page = client.gss(
                        ActionNames.SESSION_EVENTS,
                        Map.of("session", session, "after", seq, "waitMs", Math.min(left, SessionCycle.POLL_WAIT_MS)));
                seq = page.path("lastSeq").asLong(seq);
                state = page.path("state").asText();
            }
        } catch (PeerCallException e) {
            close(session, seq);
            return new Result(ComputeSample.failed("Session.Events: " + SessionCycle.kind(e), load(), warm), null);
        }
        ComputeSample open = ComputeSample.ok(System.nanoTime() - t0, load(), warm);
        List<Long> pids = ProcFs.pidsWith("--session-id " + session + " ");
        if (pids.isEmpty()) {
            pids = ProcFs.pidsWith(runMarker, " --pooled");
        }
        if (!pids.isEmpty()) {
            jvmOptions.accept(Distribution.jvmOptionsOf(ProcFs.arguments(pids.getFirst())));
        }
        ComputeSample command = null;
        if (firstCommand) {
            command = firstCommand(session);
        }
        close(session, seq);
        return new Result(open, command);
    }

    /** Connects to the relay (not timed: a client is connected before it sends), then times one message. */
    private ComputeSample firstCommand(String session) throws InterruptedException {
        int warm = platform.poolSize() > 0 ? platform.warmPoolMembers() : -1;
        try (RelayClient relay =
                RelayClient.connect(trust, platform.url("relay"), session, client.token(), Duration.ofSeconds(30))) {
            long begin = System.nanoTime();
            String failure = relay.echo(1, Platform.ON_DEMAND_SERVICE, "first command of " + session, openTimeout);
            long took = System.nanoTime() - begin;
            return failure == null
                    ? ComputeSample.ok(took, load(), warm)
                    : ComputeSample.failed("first command: " + failure, load(), warm);
        } catch (RuntimeException e) {
            // Not connected, no welcome, or the send failed: the sample fails with the reason, the run goes on.
            return ComputeSample.failed("first command: " + e.getMessage(), load(), warm);
        }
    }

    /** Closes and waits until the session ended (its project is free again only then). */
    void close(String session, long after) {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            JsonNode page = client.gss(ActionNames.SESSION_CLOSE, Map.of("session", session));
            long seq = after;
            while (!SessionState.valueOf(page.path("state").asText()).isEnded()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    BenchmarkRun.log(
                            "session " + session + " did not close within " + CLOSE_TIMEOUT.toSeconds() + " s");
                    return;
                }
                page = client.gss(
                        ActionNames.SESSION_EVENTS,
                        Map.of("session", session, "after", seq, "waitMs", Math.min(left, SessionCycle.POLL_WAIT_MS)));
                seq = page.path("lastSeq").asLong(seq);
            }
        } catch (PeerCallException e) {
            BenchmarkRun.log("closing session " + session + " failed: " + e.getMessage());
        }
    }

    /**
     * Waits until the pool holds {@code size} warm JVMs again, at most {@code timeout}; true when
     * it did. A session opened "now and then" finds a full pool: that is what the target is for.
     */
    static boolean awaitPool(Platform platform, Duration timeout) {
        if (platform.poolSize() == 0) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (platform.warmPoolMembers() < platform.poolSize()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            ChildProcesses.sleep(200);
        }
        return true;
    }

    /** The 1-minute load average now, NaN when unknown. */
    static double load() {
        String all = MachineInfo.loadAverage();
        try {
            return Double.parseDouble(all.split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
