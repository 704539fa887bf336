package org.opentwinj.bench.session;

import java.util.List;
import java.util.Map;

/** Made-up samples for the report tests. */
final class Samples {
    private Samples() {}

    static StartSample session(long readyMillis) {
        return ok(StartSample.Kind.SESSION, readyMillis, 0);
    }

    static StartSample direct(long readyMillis) {
        return ok(StartSample.Kind.DIRECT, readyMillis, 0);
    }

    /** GSS then LSS, in start order as Platform reports them. */
    static Map<String, Long> platformCpu() {
        Map<String, Long> cpu = new java.util.LinkedHashMap<>();
        cpu.put("gss", 100_000_000L);
        cpu.put("lss", 300_000_000L);
        return cpu;
    }

    static StartSample ok(StartSample.Kind kind, long readyMillis, long doneAtNanos) {
        Map<Phase, Long> phases = kind == StartSample.Kind.SESSION
                ? Map.of(Phase.REQUEST, 10_000_000L, Phase.BOOT, (readyMillis - 10) * 1_000_000L)
                : Map.of(Phase.BOOT, readyMillis * 1_000_000L);
        return new StartSample(
                kind,
                null,
                readyMillis * 1_000_000L,
                500_000_000L,
                phases,
                List.of(Map.of(ServiceLog.Step.JVM, 1_000_000_000L)),
                List.of(150 * 1024L, 160 * 1024L, 170 * 1024L),
                3_000_000_000L,
                kind == StartSample.Kind.SESSION ? platformCpu() : Map.of("gss", 10_000_000L, "lss", 20_000_000L),
                3,
                doneAtNanos,
                0,
                2.0);
    }
}
