package org.opentwinj.services.logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last N records in arrival order, each numbered. When full, the oldest go. Readers ask
 * for records after a sequence number and may wait for new ones (long polling), which is how
 * logs are followed live.
 */
final class LogBuffer {
    private final int capacity;
    private final ArrayDeque<LogRecord> records;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private long nextSequence = 1;
    private long evicted;

    LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.records = new ArrayDeque<>(Math.min(capacity, 65_536));
    }

    /** Numbers and stores the records; returns them numbered. */
    List<LogRecord> append(Collection<LogRecord> incoming) {
        List<LogRecord> numbered = new ArrayList<>(incoming.size());
        lock.lock();
        try {
            for (LogRecord record : incoming) {
                LogRecord stored = record.numbered(nextSequence++);
                if (records.size() == capacity) {
                    records.removeFirst();
                    evicted++;
                }
                records.addLast(stored);
                numbered.add(stored);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return numbered;
    }

    /**
     * @param after  only records with a larger sequence number (0 for all)
     * @param limit  at most this many, the oldest first
     * @param wait   if none match now, wait up to this long for new ones
     */
    List<LogRecord> read(LogFilter filter, long after, int limit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                List<LogRecord> found = collect(filter, after, limit);
                long remaining = deadline - System.nanoTime();
                if (!found.isEmpty() || remaining <= 0) {
                    return found;
                }
                // Later calls need only look past what was checked now.
                after = Math.max(after, nextSequence - 1);
                arrived.await(remaining, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<LogRecord> collect(LogFilter filter, long after, int limit) {
        List<LogRecord> found = new ArrayList<>();
        for (LogRecord record : records) {
            if (record.seq() > after && filter.matches(record)) {
                found.add(record);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** How many records were dropped because the buffer was full. */
    long evicted() {
        lock.lock();
        try {
            return evicted;
        } finally {
            lock.unlock();
        }
    }
}
