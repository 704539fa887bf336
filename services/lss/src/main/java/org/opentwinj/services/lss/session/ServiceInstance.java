package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.spawner.SpawnHandle;

/**
 * One running (or starting, or restarting) service of a session. Guarded by its session's
 * lock: only {@link LiveSession} changes it, under that lock; readers outside it take a
 * {@link LiveSession#snapshot} instead.
 */
public final class ServiceInstance {
    private final ServiceSlot slot;
    private int port;
    private URI url;
    private SpawnHandle handle;
    private ServiceState state;
    private int restartsInARow;
    private Instant lastStart;
    private Instant lastReady;
    private int failedPings;
    private boolean stoppedForHealth;
    private CompletableFuture<URI> confirmation = new CompletableFuture<>();
    /** Completed with its URL once it is ready; what a demand for it waits on. */
    private CompletableFuture<URI> readiness = new CompletableFuture<>();
    /** It got {@code Run} in the reply to its {@code Service.Confirm}: the broadcast leaves it out. */
    private boolean runInReply;

    private ClockTimer.Task pendingRestart;

    ServiceInstance(ServiceSlot slot) {
        this.slot = slot;
        // An on-demand service waits, stopped, for the first message for it.
        this.state = slot.onDemand() ? ServiceState.STOPPED : ServiceState.STARTING;
    }

    public ServiceSlot slot() {
        return slot;
    }

    public boolean onDemand() {
        return slot.onDemand();
    }

    /** An on-demand service that does not run (not demanded yet, stopped for idleness, or failed to start on demand). */
    boolean idle() {
        return slot.onDemand() && state == ServiceState.STOPPED;
    }

    public String name() {
        return slot.name();
    }

    public String service() {
        return slot.service();
    }

    public int port() {
        return port;
    }

    public URI url() {
        return url;
    }

    public SpawnHandle handle() {
        return handle;
    }

    public ServiceState state() {
        return state;
    }

    public int restartsInARow() {
        return restartsInARow;
    }

    public Instant lastStart() {
        return lastStart;
    }

    void place(int port, URI url) {
        this.port = port;
        this.url = url;
    }

    /** Called before each launch: a fast service may confirm before its launch call even returns. */
    void expectConfirmation() {
        this.state = ServiceState.STARTING;
        this.confirmation = new CompletableFuture<>();
        this.runInReply = false;
        if (readiness.isDone()) {
            readiness = new CompletableFuture<>();
        }
    }

    CompletableFuture<URI> readiness() {
        return readiness;
    }

    void runInReply() {
        runInReply = true;
    }

    /** Whether it got the latest {@code Run} in its confirmation's reply; asked once per {@code Run} sent. */
    boolean takeRunInReply() {
        boolean got = runInReply;
        runInReply = false;
        return got;
    }

    /**
     * An on-demand service stopped (idle, or it could not start): it is placed again when next
     * demanded. Its old place stays recorded until then, for the planner to release.
     */
    void goneIdle(String why) {
        readiness.completeExceptionally(new IllegalStateException(why));
        stopped();
    }

    void launched(SpawnHandle handle, Instant at) {
        this.handle = handle;
        this.lastStart = at;
        this.failedPings = 0;
        this.stoppedForHealth = false;
    }

    void reattached(SpawnHandle handle, int restartsInARow, Instant lastStart) {
        this.handle = handle;
        this.restartsInARow = restartsInARow;
        this.lastStart = lastStart;
        this.state = ServiceState.READY;
        this.confirmation = CompletableFuture.completedFuture(url);
        this.readiness = CompletableFuture.completedFuture(url);
    }

    CompletableFuture<URI> confirmation() {
        return confirmation;
    }

    void ready(Instant at) {
        state = ServiceState.READY;
        lastReady = at;
        readiness.complete(url);
    }

    Instant lastReady() {
        return lastReady;
    }

    void restarting(int restartsInARow, ClockTimer.Task pending) {
        this.state = ServiceState.RESTARTING;
        this.restartsInARow = restartsInARow;
        this.pendingRestart = pending;
    }

    void stopped() {
        state = ServiceState.STOPPED;
        if (!readiness.isDone()) {
            readiness.completeExceptionally(new IllegalStateException(slot.name() + " stopped"));
        }
        if (pendingRestart != null) {
            pendingRestart.cancel();
            pendingRestart = null;
        }
    }

    /** Counts a failed ping; true when the service should be stopped for not answering. */
    boolean pingFailed(int limit) {
        failedPings++;
        if (failedPings >= limit && !stoppedForHealth) {
            stoppedForHealth = true;
            return true;
        }
        return false;
    }

    void pingAnswered() {
        failedPings = 0;
    }

    boolean stoppedForHealth() {
        return stoppedForHealth;
    }
}
