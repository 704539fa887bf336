package org.opentwinj.bench.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One start of three echo services, as a session or directly, and what was seen of it.
 *
 * @param kind             session or direct
 * @param failure          why it did not get ready, or null when it did
 * @param readyNanos       from the request (Session.New, or the first fork) until all three were known ready; -1 if failed
 * @param closeNanos       from Session.Close (or SIGTERM) until CLOSED (or the exits); -1 if unknown
 * @param phases           its {@link Phase}s in nanoseconds; empty when not known
 * @param steps            per process, where its own start went ({@link ServiceLog.Step}); empty when not recorded
 * @param peakRssKib       per process, its peak resident memory (VmHWM) when all were ready
 * @param servicesCpuNanos CPU time of the three processes when all were ready (their start); -1 if unknown
 * @param platformCpu      per platform process (database, AUTH, GSS, LSS), the CPU time it spent from open to closed (for a
 *                         direct start: while it ran, which is the idle platform's own work), in ns; empty if not read
 * @param archiveMapped    how many of the processes had the variant's archive mapped; -1 when the variant has none
 * @param doneAtNanos      {@link System#nanoTime()} when it was known ready (or failed)
 * @param refused          429 answers to Session.New before it was accepted
 * @param otherLoadPercent the share of the machine's cores busy with processes not of this run while it started (from
 *                         /proc/stat minus the CPU of the platform, the three services and the harness), in %; NaN if not read
 */
record StartSample(
        Kind kind,
        String failure,
        long readyNanos,
        long closeNanos,
        Map<Phase, Long> phases,
        List<Map<ServiceLog.Step, Long>> steps,
        List<Long> peakRssKib,
        long servicesCpuNanos,
        Map<String, Long> platformCpu,
        int archiveMapped,
        long doneAtNanos,
        int refused,
        double otherLoadPercent) {

    enum Kind {
        SESSION("session"),
        DIRECT("direct start");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    StartSample {
        phases = Map.copyOf(phases);
        steps = List.copyOf(steps);
        peakRssKib = List.copyOf(peakRssKib);
        platformCpu = Collections.unmodifiableMap(new LinkedHashMap<>(platformCpu));
    }

    /** The platform's CPU time for this start, all processes together, in ns; -1 when not known. */
    long platformCpuNanos() {
        return platformCpu.isEmpty()
                ? -1
                : platformCpu.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean ok() {
        return failure == null;
    }

    /** This sample with the platform's CPU time during it. */
    StartSample withPlatformCpu(Map<String, Long> cpu) {
        return new StartSample(
                kind,
                failure,
                readyNanos,
                closeNanos,
                phases,
                steps,
                peakRssKib,
                servicesCpuNanos,
                cpu,
                archiveMapped,
                doneAtNanos,
                refused,
                otherLoadPercent);
    }

    static StartSample failed(Kind kind, String failure, long doneAtNanos, int refused) {
        return new StartSample(
                kind,
                failure,
                -1,
                -1,
                Map.of(),
                List.of(),
                List.of(),
                -1,
                Map.of(),
                -1,
                doneAtNanos,
                refused,
                Double.NaN);
    }
}
