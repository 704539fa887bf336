package org.opentwinj.platform.launcher.session;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session service from outliving its LSS: every few seconds it asks whether the LSS
 * answers, and once the LSS has not answered for the grace period (the time the GSS waits for
 * a silent LSS before it gives its sessions up) it calls {@code stop}, once. An LSS that
 * restarts in time answers again, and so counts as contact; so does any call the LSS makes to
 * this service ({@link #contact()}).
 */
public final class LssWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LssWatchdog.class);
    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** Whether the LSS answers; the service's mTLS client behind it. */
    @FunctionalInterface
    public interface LssProbe {
        /**
         * Asks the LSS once, within a short timeout.
         *
         * @return true when the LSS answered at all (any HTTP status: its process is there), false when it could
         *     not be reached or did not answer in time; never throws
         */
        boolean answers();
    }

    private final URI lssUrl;
    private final LssProbe probe;
    private final Duration grace;
    private final Clock clock;
    private final Runnable stop;
    private volatile Instant lastContact;
    private volatile boolean expired;
    private ScheduledExecutorService checks;

    /**
     * @param lssUrl the LSS, for messages
     * @param probe  how to ask it
     * @param grace  how long without an answer before the service stops
     * @param clock  the clock contact is measured with
     * @param stop   what stops the service; called once, from the checking thread
     */
    public LssWatchdog(URI lssUrl, LssProbe probe, Duration grace, Clock clock, Runnable stop) {
        this.lssUrl = Objects.requireNonNull(lssUrl);
        this.probe = Objects.requireNonNull(probe);
        this.grace = Objects.requireNonNull(grace);
        this.clock = Objects.requireNonNull(clock);
        this.stop = Objects.requireNonNull(stop);
        this.lastContact = clock.instant();
    }

    /** How often to check: a tenth of the grace period, at most every two seconds. */
    public Duration checkInterval() {
        Duration tenth = grace.dividedBy(10);
        return tenth.compareTo(LONGEST_CHECK_INTERVAL) < 0 ? tenth : LONGEST_CHECK_INTERVAL;
    }

    /** Starts checking in the background, every {@link #checkInterval()}. */
    public void start() {
        checks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lss-watchdog").factory());
        long interval = checkInterval().toMillis();
        checks.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The LSS reached this service (e.g. sent {@code Run}): as good as an answer. */
    public void contact() {
        lastContact = clock.instant();
    }

    /** One check: ask the LSS, and stop the service when it has been silent for the grace period. */
    public void check() {
        if (expired) {
            return;
        }
        if (probe.answers()) {
            Instant now = clock.instant();
            if (Duration.between(lastContact, now).compareTo(checkInterval().multipliedBy(2)) > 0) {
                LOG.info("the LSS at {} answers again", lssUrl);
            }
            lastContact = now;
            return;
        }
        Duration silence = Duration.between(lastContact, clock.instant());
        if (silence.compareTo(grace) >= 0) {
            expired = true;
            LOG.warn(
                    "the LSS at {} has not answered for {} s (grace period {} s): this session service stops by itself",
                    lssUrl,
                    silence.toSeconds(),
                    grace.toSeconds());
            stop.run();
        } else {
            LOG.debug(
                    "the LSS at {} does not answer ({} s of a grace period of {} s)",
                    lssUrl,
                    silence.toSeconds(),
                    grace.toSeconds());
        }
    }

    /** Whether the grace period ran out and the service was stopped for it. */
    public boolean expired() {
        return expired;
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
