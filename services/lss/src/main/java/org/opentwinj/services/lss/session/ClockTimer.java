package org.opentwinj.services.lss.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's timed work (exit polls, health pings, restarts after back-off), due by the
 * injected {@link Clock}: one thread looks every tick of real time for what the clock says is
 * due and runs it. With the system clock it is a plain scheduler; with a test clock, tests move
 * time forward instead of sleeping.
 */
final class ClockTimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClockTimer.class);

    /** A scheduled piece of work. */
    interface Task {
        /** It will not run (again); harmless when it ran already. */
        void cancel();
    }

    private final Clock clock;
    private final PriorityQueue<Entry> queue =
            new PriorityQueue<>(Comparator.comparing(Entry::due).thenComparingLong(Entry::order));
    private final Thread thread;
    private long scheduled;
    private volatile boolean running = true;

    /**
     * @param tick how often (real time) it looks for due work: the most a task runs late
     */
    ClockTimer(Clock clock, Duration tick, String name) {
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name(name).start(() -> loop(tick));
    }

    /** Runs the action once, {@code delay} from now by the clock. */
    Task after(Duration delay, Runnable action) {
        return add(new Entry(action, null), delay);
    }

    /** Runs the action every {@code interval} by the clock, the next one counted from the end of the last. */
    Task every(Duration interval, Runnable action) {
        return add(new Entry(action, interval), interval);
    }

    private Entry add(Entry entry, Duration delay) {
        synchronized (queue) {
            entry.due = clock.instant().plus(delay);
            entry.order = scheduled++;
            queue.add(entry);
        }
        return entry;
    }

    private void loop(Duration tick) {
        while (running) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            runDue();
        }
    }

    private void runDue() {
        while (running) {
            Entry next;
            synchronized (queue) {
                next = queue.peek();
                if (next == null || next.due.isAfter(clock.instant())) {
                    return;
                }
                queue.poll();
            }
            if (next.cancelled) {
                continue;
            }
            try {
                next.action.run();
            } catch (RuntimeException e) {
                LOG.error("timed supervisor work failed", e);
            }
            if (next.interval != null && !next.cancelled) {
                add(next, next.interval);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private static final class Entry implements Task {
        final Runnable action;
        final Duration interval;
        Instant due;
        long order;
        volatile boolean cancelled;

        Entry(Runnable action, Duration interval) {
            this.action = action;
            this.interval = interval;
        }

        Instant due() {
            return due;
        }

        long order() {
            return order;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
