package org.opentwinj.bench.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured on one variant's platform.
 *
 * @param variant        the JVM warm-up variant
 * @param notes          what the report should say about this variant's set-up (training, checks)
 * @param platformStart  per platform process in start order, ms from fork to ready
 * @param cold           the first sessions after the platform started, in order
 * @param warmup         unrecorded sessions and direct starts (kept for their failures)
 * @param sessions       the recorded sessions
 * @param direct         the recorded direct starts
 * @param levels         the saturation sweep, if it ran on this platform
 */
record VariantResult(
        Variant variant,
        List<String> notes,
        Map<String, Long> platformStart,
        List<StartSample> cold,
        List<StartSample> warmup,
        List<StartSample> sessions,
        List<StartSample> direct,
        List<LevelResult> levels) {

    VariantResult {
        notes = List.copyOf(notes);
        platformStart = Collections.unmodifiableMap(new LinkedHashMap<>(platformStart));
        cold = List.copyOf(cold);
        warmup = List.copyOf(warmup);
        sessions = List.copyOf(sessions);
        direct = List.copyOf(direct);
        levels = List.copyOf(levels);
    }

    /** Failed starts anywhere (cold, warm-up, recorded, saturation). */
    long failures() {
        long n = 0;
        for (List<StartSample> list : List.of(cold, warmup, sessions, direct)) {
            n += list.stream().filter(s -> !s.ok()).count();
        }
        return n + levels.stream().mapToLong(LevelResult::failed).sum();
    }
}
