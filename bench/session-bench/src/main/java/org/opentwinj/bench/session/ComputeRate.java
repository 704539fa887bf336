package org.opentwinj.bench.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions per minute of the compute type, as {@link Saturation} measures them: N clients in
 * a closed loop (open until RUNNING, close until CLOSED, again, no think time), each with
 * {@code warmup} unmeasured cycles first and then {@code measured} measured ones; a client that
 * is done keeps going, unmeasured, until all are done, so every measured cycle ran under the
 * full load. Per minute = N × successful cycles ÷ their summed duration (Little's law). The pool
 * is not waited for between cycles: this is the saturated machine, not a session now and then.
 */
final class ComputeRate {
    /** One open and close by client {@code client}; the open's sample (its failure, if any). */
    interface Cycle {
        ComputeSample run(int client, AtomicBoolean stop) throws InterruptedException;
    }

    /**
     * One level.
     *
     * @param cycleNanos the measured cycles' durations (open + close), successful ones only
     * @param failed     measured cycles that failed
     * @param opens      the measured cycles' open-to-ready samples (successful ones)
     * @param load       the 1-minute load average at the end of the level
     */
    record Level(int clients, List<Long> cycleNanos, int failed, List<ComputeSample> opens, double load) {
        Level {
            cycleNanos = List.copyOf(cycleNanos);
            opens = List.copyOf(opens);
        }

        /** Sessions per minute by Little's law; NaN without a successful cycle. */
        double perMinute() {
            long sum = cycleNanos.stream().mapToLong(Long::longValue).sum();
            return cycleNanos.isEmpty() || sum <= 0 ? Double.NaN : clients * cycleNanos.size() * 60e9 / sum;
        }
    }

    private ComputeRate() {}

    static Level run(int clients, int warmup, int measured, Cycle cycle) throws InterruptedException {
        List<Long> durations = Collections.synchronizedList(new ArrayList<>());
        List<ComputeSample> opens = Collections.synchronizedList(new ArrayList<>());
        int[] failed = new int[1];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofVirtual().name("rate-client-" + i).start(() -> {
                int n = 0;
                while (!stop.get()) {
                    long begin = System.nanoTime();
                    ComputeSample s;
                    try {
                        s = cycle.run(client, stop);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (RuntimeException e) {
                        // Counted as a failed cycle: a client that died would leave the level waiting for it forever.
                        s = ComputeSample.failed(e.toString(), ComputeCycle.load(), -1);
                    }
                    n++;
                    if (n > warmup && n <= warmup + measured) {
                        if (s.succeeded()) {
                            durations.add(System.nanoTime() - begin);
                            opens.add(s);
                        } else {
                            synchronized (failed) {
                                failed[0]++;
                            }
                            BenchmarkRun.log("rate: a cycle failed: " + s.failure());
                        }
                    }
                    if (n == warmup + measured) {
                        done.countDown();
                    }
                }
            }));
        }
        done.await();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        synchronized (failed) {
            return new Level(clients, List.copyOf(durations), failed[0], List.copyOf(opens), ComputeCycle.load());
        }
    }
}
