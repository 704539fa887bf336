package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SweepTest {
    /** A point of a made-up target: enough for the sweep, the grouping and the error summary. */
    record Point(String target, int clients, long ok, long errors, long warmupErrors, Map<String, Long> errorKinds)
            implements LoadPoint {
        static Point merge(List<Point> rounds) {
            MergedRounds m = MergedRounds.of(rounds);
            return new Point(m.target(), m.clients(), m.ok(), m.errors(), m.warmupErrors(), m.errorKinds());
        }

        @Override
        public Histogram latencyMicros() {
            Histogram h = Tally.newHistogram();
            for (int i = 0; i < ok; i++) {
                h.recordValue(1_000);
            }
            return h;
        }

        @Override
        public long elapsedNanos() {
            return 1_000_000_000L;
        }

        @Override
        public long measuredNanos() {
            return 1_000_000_000L;
        }
    }

    /** A target that answers every run with {@code ok} = clients × 10 and records what it was asked. */
    record FakeLoad(String name, List<String> calls) implements Sweep.Load<Point> {
        @Override
        public Point run(int clients, Duration warmup, Duration measure) {
            calls.add(name + "@" + clients + " " + warmup.toSeconds() + "+" + measure.toSeconds());
            return new Point(name, clients, clients * 10L, 0, 0, Map.of());
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private SweepOptions options(String... args) {
        SweepOptions o = SweepOptions.DEFAULTS;
        Flags flags = new Flags(List.of(args));
        while (flags.hasNext()) {
            o = o.read(flags.next(), flags);
        }
        return o;
    }

    @Test
    void everyLevelOfEveryRoundRunsEveryTargetInScheduleOrder() throws InterruptedException {
        List<FakeLoad> targets = List.of(new FakeLoad("ours", calls), new FakeLoad("peer", calls));

        List<Measurement<Point>> ms = Sweep.run(
                options("--clients", "1,4", "--rounds", "2", "--warmup", "1s", "--measure", "3s"),
                targets,
                p -> p.target() + " @" + p.clients(),
                log::add);

        assertThat(calls)
                .containsExactly(
                        "ours@1 1+3",
                        "peer@1 1+3",
                        "peer@4 1+3",
                        "ours@4 1+3",
                        "peer@1 1+3",
                        "ours@1 1+3",
                        "ours@4 1+3",
                        "peer@4 1+3");
        assertThat(ms).hasSize(8);
        assertThat(ms.get(2)).isEqualTo(new Measurement<>(1, 1, new Point("peer", 4, 40, 0, 0, Map.of())));
        assertThat(ms.get(7).round()).isEqualTo(2);
        assertThat(ms.get(7).position()).isEqualTo(2);
        assertThat(log.getFirst()).isEqualTo("[1/8] round 1 ours @1");
        assertThat(log.getLast()).isEqualTo("[8/8] round 2 peer @4");
    }

    @Test
    void thePrewarmRunsAtTheHighestLevelUnlessItIsOff() throws InterruptedException {
        FakeLoad ours = new FakeLoad("ours", calls);

        Point p = Sweep.prewarm(ours, options("--clients", "1,16", "--prewarm", "5s"), Point::target, log::add);
        Point off = Sweep.prewarm(ours, options("--prewarm", "0s"), Point::target, log::add);

        assertThat(calls).containsExactly("ours@16 0+5");
        assertThat(p.clients()).isEqualTo(16);
        assertThat(off).isNull();
        assertThat(log).containsExactly("pre-warming ours for 5.0 s at 16 clients", "pre-warm ours");
    }

    @Test
    void roundsAreMergedPerLevelAndTargetInTheGivenOrder() {
        List<Measurement<Point>> ms = List.of(
                new Measurement<>(1, 1, new Point("peer", 16, 5, 1, 0, Map.of())),
                new Measurement<>(1, 2, new Point("ours", 16, 7, 0, 2, Map.of())),
                new Measurement<>(1, 1, new Point("ours", 1, 3, 0, 0, Map.of())),
                new Measurement<>(2, 1, new Point("ours", 16, 1, 0, 0, Map.of())));

        Map<Integer, Map<String, Point>> merged = Sweep.merged(ms, List.of("ours", "peer"), Point::merge);

        assertThat(merged.keySet()).containsExactly(1, 16);
        assertThat(merged.get(16).keySet()).containsExactly("ours", "peer");
        assertThat(merged.get(16).get("ours").ok()).isEqualTo(8);
        assertThat(merged.get(1)).containsOnlyKeys("ours");
        assertThat(Sweep.totalErrors(ms)).isEqualTo(3);

        List<Sweep.Round<Point>> rounds = Sweep.rounds(ms);
        assertThat(rounds).extracting(r -> r.clients() + "/" + r.round()).containsExactly("1/1", "16/1", "16/2");
        assertThat(rounds.get(1).byTarget().keySet()).containsExactly("peer", "ours");
    }

    @Test
    void theErrorLineNamesThePointAndItsKinds() {
        Point failing = new Point("nginx", 16, 10, 3, 1, Map.of("HTTP 503", 4L));

        assertThat(Sweep.errorLine(failing)).isEqualTo("- nginx at 16 clients: 3 measured, 1 in warm-up: HTTP 503 ×4");
        assertThat(Sweep.errorLine(new Point("nginx", 1, 10, 0, 0, Map.of()))).isNull();
    }

    @Test
    void thePlanSaysHowTheSweepRan() {
        assertThat(Sweep.plan(SweepOptions.DEFAULTS, "target", "alternating", "request"))
                .isEqualTo("Pre-warm: 20 s per target at 64"
                        + " clients before the sweep, not recorded. Per point: 5 s warm-up, then 10 s measured; 2 rounds, order alternating"
                        + " per level and round; request timeout 10 s.\n\n");
        assertThat(Sweep.plan(options("--rounds", "1", "--measure", "1500ms"), "path", "reversed", "reply"))
                .contains("per path at 64 clients")
                .contains("then 1500 ms measured; 1 round, order reversed")
                .contains("; reply timeout 10 s.");
    }

    @Test
    void mergedRoundsAddUpAndRefuseToMixTargetsOrLevels() {
        Point a = new Point("ours", 16, 3, 1, 0, Map.of("HTTP 503", 1L));
        Point b = new Point("ours", 16, 5, 0, 2, Map.of("HTTP 503", 2L, "timeout", 1L));

        MergedRounds m = MergedRounds.of(List.of(a, b));

        assertThat(m.ok()).isEqualTo(8);
        assertThat(m.errors()).isEqualTo(1);
        assertThat(m.warmupErrors()).isEqualTo(2);
        assertThat(m.errorKinds()).containsEntry("HTTP 503", 3L).containsEntry("timeout", 1L);
        assertThat(m.latencyMicros().getTotalCount()).isEqualTo(8);
        assertThat(m.elapsedNanos()).isEqualTo(2_000_000_000L);
        assertThat(m.measuredNanos()).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> MergedRounds.of(List.of(a, new Point("ours", 1, 1, 0, 0, Map.of()))))
                .hasMessage("cannot merge ours@1 into ours@16");
        assertThatThrownBy(() -> MergedRounds.of(List.of())).hasMessage("nothing to merge");
    }
}
