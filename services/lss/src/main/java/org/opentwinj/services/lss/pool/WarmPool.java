package org.opentwinj.services.lss.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LSS's warm pool: keeps {@link PoolConfig#size()} started, unassigned JVMs and hands a
 * warm one to a session service on demand. One background thread refills it, one JVM at a
 * time (a JVM's warm-up is the CPU-heavy part; one at a time, at low priority, never starves
 * the sessions' own work) and not before {@link PoolConfig#refillDelay()} after the take that
 * made it short (the taken JVM becomes its service meanwhile), replaces a pooled JVM that died, and pauses after
 * repeated failures (a broken distribution must not make it start JVMs in a loop).
 */
public final class WarmPool implements ServicePool {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    /** How often the refiller looks at its members while it has nothing to start. */
    static final Duration LOOK_INTERVAL = Duration.ofMillis(200);
    /** How often it looks at a warming member. */
    private static final Duration WARM_POLL = Duration.ofMillis(25);
    /** The pause after {@link PoolConfig#FAILURES_BEFORE_PAUSE} failed starts in a row. */
    static final Duration PAUSE_AFTER_FAILURES = Duration.ofSeconds(30);

    private final PoolMembers starter;
    private final PoolConfig config;
    /** Started, unassigned members, oldest first; guarded by this. */
    private final List<PoolMember> members = new ArrayList<>();

    private final Thread refiller;
    private volatile boolean closed;
    private int started;
    private int failuresInARow;
    /**
     * When the pool fell short of its size ({@link #nanos}), by the first take since it was last
     * full; empty while it is full. The refill waits {@link PoolConfig#refillDelay()} from then,
     * once: takes that follow do not postpone it again, or a steady stream of sessions would keep
     * the pool from ever refilling.
     */
    private Optional<Long> shortSince = Optional.empty();

    private final LongSupplier nanos;

    WarmPool(PoolMembers starter, PoolConfig config) {
        this(starter, config, System::nanoTime);
    }

    /** @param nanos the time source of the refill delay (System.nanoTime; tests give their own) */
    WarmPool(PoolMembers starter, PoolConfig config, LongSupplier nanos) {
        this.nanos = nanos;
        this.starter = starter;
        this.config = config;
        this.refiller = Thread.ofPlatform().daemon().name("lss-warm-pool").unstarted(this::refill);
        if (config.size() > 0) {
            refiller.start();
        }
    }

    @Override
    public Optional<SpawnHandle> take(SpawnRequest request, Consumer<String> progress) {
        if (config.size() == 0 || closed) {
            return Optional.empty();
        }
        Optional<PoolAssignment> assignment = starter.assignment(request);
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        while (true) {
            PoolMember member = takeWarm().orElse(null);
            if (member == null) {
                return Optional.empty();
            }
            try {
                SpawnHandle handle = member.assign(request, assignment.get());
                progress.accept(request.service() + ": JVM " + member.number() + " of the warm pool assigned");
                LOG.info(
                        "pooled JVM {} is now {} of session {}", member.number(), request.service(), request.session());
                return Optional.of(handle);
            } catch (IOException e) {
                LOG.warn("pooled JVM {} could not be assigned (it is stopped); trying another", member.number(), e);
                member.stop();
            }
        }
    }

    /** Removes and returns the oldest warm member that still runs; the refiller starts its replacement. */
    private synchronized Optional<PoolMember> takeWarm() {
        for (Iterator<PoolMember> it = members.iterator(); it.hasNext(); ) {
            PoolMember member = it.next();
            if (member.isWarm() && member.isAlive()) {
                it.remove();
                if (shortSince.isEmpty()) {
                    shortSince = Optional.of(nanos.getAsLong());
                }
                notifyAll();
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    /** Members in the pool now, warm or warming (for tests and the log). */
    synchronized int size() {
        return members.size();
    }

    /** Warm members in the pool now. */
    synchronized int warm() {
        return (int) members.stream().filter(m -> m.isWarm() && m.isAlive()).count();
    }

    private void refill() {
        while (!closed) {
            try {
                dropDead();
                if (!needsOne()) {
                    continue;
                }
                if (startAndWarm()) {
                    failuresInARow = 0;
                } else if (++failuresInARow >= PoolConfig.FAILURES_BEFORE_PAUSE) {
                    LOG.error(
                            "{} pooled JVMs in a row did not warm up; the pool pauses for {} s (see logs/pool-*.log)",
                            failuresInARow,
                            PAUSE_AFTER_FAILURES.toSeconds());
                    failuresInARow = 0;
                    sleep(PAUSE_AFTER_FAILURES);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("the warm pool's refiller failed; it goes on after a pause", e);
                try {
                    sleep(PAUSE_AFTER_FAILURES);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /**
     * Whether the pool is short of a member and the refill delay since it fell short is over;
     * waits a while (or until one is taken) when not.
     */
    private synchronized boolean needsOne() throws InterruptedException {
        if (members.size() >= config.size()) {
            shortSince = Optional.empty();
            wait(LOOK_INTERVAL.toMillis());
            return false;
        }
        long quietLeft = shortSince
                .map(since -> since + config.refillDelay().toNanos() - nanos.getAsLong())
                .orElse(0L);
        if (quietLeft > 0) {
            // At most the look interval: a test's time source moves without waking this thread.
            wait(Math.max(1, Math.min(quietLeft / 1_000_000, LOOK_INTERVAL.toMillis())));
            return false;
        }
        return true;
    }

    private void dropDead() {
        List<PoolMember> dead = new ArrayList<>();
        synchronized (this) {
            for (Iterator<PoolMember> it = members.iterator(); it.hasNext(); ) {
                PoolMember member = it.next();
                if (!member.isAlive()) {
                    it.remove();
                    dead.add(member);
                }
            }
        }
        for (PoolMember member : dead) {
            LOG.warn("pooled JVM {} exited before it was assigned; replacing it", member.number());
            member.stop();
        }
    }

    /**
     * Starts one member and waits until it is warm.
     *
     * @return false when it could not be started, died or did not warm up in time
     */
    private boolean startAndWarm() throws InterruptedException {
        PoolMember member;
        try {
            member = starter.start(++started);
        } catch (SpawnException e) {
            LOG.warn("could not start a pooled JVM", e);
            return false;
        }
        synchronized (this) {
            if (closed) {
                member.stop();
                return true;
            }
            members.add(member);
        }
        long deadline = System.nanoTime() + config.warmTimeout().toNanos();
        while (!member.isWarm()) {
            if (closed) {
                return true;
            }
            if (!member.isAlive()) {
                LOG.warn("pooled JVM {} exited while it warmed up", member.number());
                return false;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn(
                        "pooled JVM {} did not warm up within {} s; stopping it",
                        member.number(),
                        config.warmTimeout().toSeconds());
                synchronized (this) {
                    members.remove(member);
                }
                member.stop();
                return false;
            }
            sleep(WARM_POLL);
        }
        LOG.debug("pooled JVM {} is warm", member.number());
        return true;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    @Override
    public void close() {
        closed = true;
        refiller.interrupt();
        List<PoolMember> left;
        synchronized (this) {
            left = List.copyOf(members);
            members.clear();
        }
        for (PoolMember member : left) {
            member.stop();
        }
        if (refiller.getState() == Thread.State.NEW) {
            return;
        }
        try {
            refiller.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
