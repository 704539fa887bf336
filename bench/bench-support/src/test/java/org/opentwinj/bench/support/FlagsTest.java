package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
    /** What a harness's parse loop does with {@link Flags}. */
    private static List<String> read(String... args) {
        List<String> seen = new ArrayList<>();
        Flags flags = new Flags(List.of(args));
        while (flags.hasNext()) {
            switch (flags.next()) {
                case "--keep-dir" -> seen.add("keep-dir");
                case "--measure" -> seen.add("measure " + flags.duration());
                case "--clients" -> seen.add("clients " + flags.integers());
                case "--rounds" -> seen.add("rounds " + flags.integer());
                case "--seed" -> seen.add("seed " + flags.longInteger());
                case "--out" -> seen.add("out " + flags.value());
                default -> throw flags.unknown();
            }
        }
        return seen;
    }

    @Test
    void readsSwitchesAndValuesInOrder() {
        assertThat(read(
                        "--measure",
                        "500ms",
                        "--keep-dir",
                        "--clients",
                        "2, 8,",
                        "--rounds",
                        " 3",
                        "--seed",
                        "12345678901",
                        "--out",
                        "report.md",
                        "--measure",
                        "1m"))
                .containsExactly(
                        "measure PT0.5S",
                        "keep-dir",
                        "clients [2, 8]",
                        "rounds 3",
                        "seed 12345678901",
                        "out report.md",
                        "measure PT1M");
    }

    @Test
    void durationsHaveAUnit() {
        assertThat(Flags.duration("--warmup", "0s")).isZero();
        assertThat(Flags.duration("--warmup", " 5S ")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Flags.duration("--warmup", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Flags.duration("--warmup", "5"))
                .hasMessage("--warmup: '5' is not a duration like 500ms, 5s or 1m");
        assertThatThrownBy(() -> Flags.duration("--warmup", "1h")).hasMessageContaining("--warmup");
    }

    @Test
    void badInputIsRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> read("--rounds", "x")).hasMessage("--rounds: 'x' is not a whole number");
        assertThatThrownBy(() -> read("--clients", "1,a")).hasMessage("--clients: 'a' is not a whole number");
        assertThatThrownBy(() -> read("--seed", "1.5")).hasMessage("--seed: '1.5' is not a whole number");
        assertThatThrownBy(() -> read("--keep-dir", "--measure")).hasMessage("--measure needs a value (see --help)");
        assertThatThrownBy(() -> read("--fast", "1")).hasMessage("unknown flag '--fast' (see --help)");
        assertThatThrownBy(() -> read("--fast")).hasMessage("unknown flag '--fast' (see --help)");
    }

    @Test
    void listsDropEmptyParts() {
        assertThat(Flags.list(" aot, wrapper,,none ,")).containsExactly("aot", "wrapper", "none");
        assertThat(Flags.list(",")).isEmpty();
    }

    @Test
    void boundsAreChecked() {
        Flags.range("--rounds", 10, 1, 10);
        assertThatThrownBy(() -> Flags.range("--rounds", 11, 1, 10)).hasMessage("--rounds: 11 is not between 1 and 10");
        Flags.phase("--warmup", Duration.ZERO, true, Duration.ofMinutes(5));
        assertThatThrownBy(() -> Flags.phase("--measure", Duration.ZERO, false, Duration.ofMinutes(5)))
                .hasMessage("--measure: PT0S is out of range (1ms .. 5m)");
        assertThatThrownBy(() -> Flags.phase("--measure", Duration.ofMinutes(6), false, Duration.ofMinutes(5)))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> Flags.phase("--warmup", Duration.ofSeconds(-1), true, Duration.ofMinutes(5)))
                .hasMessage("--warmup: PT-1S is out of range (0 .. 5m)");
    }
}
