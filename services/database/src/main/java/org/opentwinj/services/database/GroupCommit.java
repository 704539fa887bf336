package org.opentwinj.services.database;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes writes durable before they are answered, sharing one commit among the writers that
 * wait at the same time: a writer whose change is in memory takes a ticket; the first one
 * finding no commit under way commits everything in memory (its own change and every change
 * whose ticket was taken before it started) and syncs it; writers that arrive meanwhile wait
 * and are covered by the next round, one commit for all of them. A ticket is covered only by
 * a round that started after it was taken, since only then is its change in what is committed.
 */
final class GroupCommit {
    private final Runnable commitAndSync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundDone = lock.newCondition();
    /** Tickets handed out so far. */
    private long issued;
    /** Every ticket up to this one is durable. */
    private long durable;

    private boolean committing;
    private long rounds;
    private int waiting;

    /**
     * @param commitAndSync writes everything in memory to the file and syncs it; returns only
     *     once it is on disk, and throws when it could not be written
     */
    GroupCommit(Runnable commitAndSync) {
        this.commitAndSync = commitAndSync;
    }

    /**
     * Returns once every change the calling thread made before the call is on disk.
     *
     * @throws IllegalStateException when the commit failed (the change may be lost: it must not
     *     be acknowledged), or when the thread was interrupted while waiting
     */
    void awaitDurable() {
        lock.lock();
        try {
            long ticket = ++issued;
            while (durable < ticket) {
                if (committing) {
                    waiting++;
                    try {
                        roundDone.await();
                    } finally {
                        waiting--;
                    }
                    continue;
                }
                committing = true;
                long covered = issued;
                boolean written = false;
                // The commit runs without the lock, so that writers arriving meanwhile take
                // their tickets and wait for the next round instead of for this one's disk.
                lock.unlock();
                try {
                    commitAndSync.run();
                    written = true;
                } finally {
                    lock.lock();
                    committing = false;
                    rounds++;
                    if (written) {
                        durable = Math.max(durable, covered);
                    }
                    roundDone.signalAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the write to reach the disk", e);
        } finally {
            lock.unlock();
        }
    }

    /** Writers waiting for a commit under way, to be covered by the next. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** Commits run so far (each one sync); fewer than the writes when writers shared them. */
    long rounds() {
        lock.lock();
        try {
            return rounds;
        } finally {
            lock.unlock();
        }
    }
}
