package org.opentwinj.services.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    @Test
    void aWriterReturnsOnlyOnceACommitThatStartedAfterItsChangeIsDone() throws Exception {
        AtomicLong memory = new AtomicLong();
        AtomicLong disk = new AtomicLong();
        GroupCommit commits = new GroupCommit(() -> {
            // A commit writes what is in memory when it starts; changes made meanwhile are not in it.
            long snapshot = memory.get();
            Thread.yield();
            disk.accumulateAndGet(snapshot, Math::max);
        });
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    long change = memory.incrementAndGet();
                    commits.awaitDurable();
                    if (disk.get() < change) {
                        failures.add("change " + change + " answered with only " + disk.get() + " on disk");
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertThat(failures).isEmpty();
        assertThat(disk.get()).isEqualTo(8 * 500);
        assertThat(commits.rounds()).isBetween(1L, 8L * 500);
    }

    @Test
    void writersArrivingDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        GroupCommit commits = new GroupCommit(() -> {
            if (first.getAndSet(false)) {
                try {
                    firstCommitMayEnd.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
        Thread leader = Thread.ofPlatform().start(commits::awaitDurable);
        while (first.get()) {
            Thread.onSpinWait();
        }
        List<Thread> followers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            followers.add(Thread.ofPlatform().start(commits::awaitDurable));
        }
        // Every follower has taken its ticket and waits for the commit under way before it is let go.
        while (commits.waiting() < followers.size()) {
            Thread.onSpinWait();
        }
        firstCommitMayEnd.countDown();
        leader.join();
        for (Thread follower : followers) {
            follower.join();
        }
        assertThat(commits.rounds())
                .as("the first commit and one for all five followers")
                .isEqualTo(2);
    }

    @Test
    void aFailedCommitFailsItsWriterAndTheNextWriterCommitsAgain() {
        AtomicBoolean fail = new AtomicBoolean(true);
        AtomicLong commitsRun = new AtomicLong();
        GroupCommit commits = new GroupCommit(() -> {
            commitsRun.incrementAndGet();
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("disk full");
            }
        });
        assertThatThrownBy(commits::awaitDurable)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("disk full");
        commits.awaitDurable();
        assertThat(commitsRun.get()).isEqualTo(2);
    }
}
