package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.opentwinj.bench.support.ChildProcesses;

/**
 * One level of the saturation sweep for one target: N clients start together, each in a
 * closed loop (start three echo services, as a session or directly; wait until ready; stop
 * them; again). Each client's first {@code warmupCycles} cycles are not measured, the next
 * {@link #measuredCycles} are. A client that is done keeps going, unmeasured, until every
 * client is done, so every measured cycle ran under the full load; then the cycles still under
 * way are stopped (cut off) and the next level starts. Clients that start together tend to
 * stay in step, so a level of N clients is close to "N starts at once, again and again".
 */
final class Saturation {
    /** One start by client {@code client}, stopping early when {@code abandon} turns true. */
    interface Cycle {
        StartSample run(int client, BooleanSupplier abandon) throws IOException;
    }

    private Saturation() {}

    /** Measured cycles per client: enough that the level has at least {@code minSamples}. */
    static int measuredCycles(int clients, int minSamples) {
        return Math.max(1, (minSamples + clients - 1) / clients);
    }

    /**
     * @param timeout the longest the whole level may take; then everything under way is cut off
     */
    static LevelResult run(
            StartSample.Kind kind,
            int clients,
            int position,
            int warmupCycles,
            int minSamples,
            Cycle cycle,
            Platform platform,
            Path runDir,
            Duration timeout)
            throws InterruptedException {
        int measured = measuredCycles(clients, minSamples);
        List<LevelResult.Cycle> cycles = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warm = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        AtomicLong maxRss = new AtomicLong();
        String marker = runDir.toAbsolutePath().toString();
        Thread sampler = Thread.ofVirtual().name("rss-sampler").start(() -> {
            while (!stop.get()) {
                long sum = 0;
                for (long pid : ProcFs.pidsWith(marker, " run echo ")) {
                    sum += Math.max(0, ProcFs.rssKib(pid));
                }
                maxRss.accumulateAndGet(sum, Math::max);
                ChildProcesses.sleep(1_000);
            }
        });
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(Thread.ofVirtual().name("client-" + i).start(() -> {
                int n = 0;
                if (warmupCycles == 0) {
                    warm.countDown();
                }
                while (!stop.get()) {
                    long b = System.nanoTime();
                    StartSample s;
                    try {
                        s = cycle.run(client, stop::get);
                    } catch (IOException | RuntimeException e) {
                        s = StartSample.failed(
                                kind, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime(), 0);
                        ChildProcesses.sleep(500);
                    }
                    n++;
                    if (n > warmupCycles && n <= warmupCycles + measured) {
                        cycles.add(new LevelResult.Cycle(s, b, System.nanoTime()));
                    }
                    if (n == warmupCycles) {
                        warm.countDown();
                    }
                    if (n == warmupCycles + measured) {
                        done.countDown();
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        warm.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long start = System.nanoTime();
        ProcFs.CpuCounters cpuBefore = ProcFs.machineCpu();
        Map<String, Long> platformBefore = platform.cpuNanos();
        if (!done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            BenchmarkRun.log(clients + " clients did not finish their measured cycles within " + timeout.toSeconds()
                    + " s; cutting off");
        }
        long end = System.nanoTime();
        double cpu = ProcFs.machineCpu().busyPercentSince(cpuBefore);
        Map<String, Long> platformUsed = Platform.cpuBetween(platformBefore, platform.cpuNanos());
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(120));
            if (thread.isAlive()) {
                BenchmarkRun.log(thread.getName() + " did not stop within 120 s");
            }
        }
        sampler.join(Duration.ofSeconds(5));
        List<LevelResult.Cycle> all;
        synchronized (cycles) {
            all = List.copyOf(cycles);
        }
        return LevelResult.of(
                kind,
                clients,
                position,
                all,
                end - start,
                cpu,
                maxRss.get(),
                platformUsed.isEmpty()
                        ? -1
                        : platformUsed.values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
    }
}
