package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.opentwinj.platform.spawner.SpawnHandle;

/**
 * One running (or starting, or restarting) service of a session. Guarded by its session's
 * lock: only {@link LiveSession} and the supervisor touch it, under that lock.
 */
public final class ServiceInstance {
    private final ServiceSlot slot;
    private int port;
    private URI url;
    private SpawnHandle handle;
    private InstanceState state = InstanceState.STARTING;
    private int restartsInARow;
    private Instant lastStart;
    private Instant lastReady;
    private int failedPings;
    private boolean stoppedForHealth;
    private CompletableFuture<URI> confirmation = new CompletableFuture<>();
    private ScheduledFuture<?> pendingRestart;

    ServiceInstance(ServiceSlot slot) {
        this.slot = slot;
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

    public InstanceState state() {
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
        this.state = InstanceState.STARTING;
        this.confirmation = new CompletableFuture<>();
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
        this.state = InstanceState.READY;
        this.confirmation = CompletableFuture.completedFuture(url);
    }

    CompletableFuture<URI> confirmation() {
        return confirmation;
    }

    void ready(Instant at) {
        state = InstanceState.READY;
        lastReady = at;
    }

    Instant lastReady() {
        return lastReady;
    }

    void restarting(int restartsInARow, ScheduledFuture<?> pending) {
        this.state = InstanceState.RESTARTING;
        this.restartsInARow = restartsInARow;
        this.pendingRestart = pending;
    }

    void stopped() {
        state = InstanceState.STOPPED;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
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
