package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.spawner.ExitStatus;

class ExitReasonsTest {
    @Test
    void aKnownCodeIsNamedAndTheLastWordsFollow() {
        assertThat(ExitReasons.of(
                        "mesh", new ExitStatus(2), "before it was ready", () -> Optional.of("invalid --frobnicate")))
                .isEqualTo("mesh exited with code 2 (INVALID_CONFIGURATION) before it was ready: invalid --frobnicate");
        assertThat(ExitReasons.of("solver", new ExitStatus(1), "unexpectedly", Optional::empty))
                .isEqualTo("solver exited with code 1 (INTERNAL_ERROR) unexpectedly");
    }

    @Test
    void aCodeAbove128IsASignal() {
        assertThat(ExitReasons.of("solver", new ExitStatus(137), "unexpectedly", Optional::empty))
                .isEqualTo("solver exited with code 137 (signal 9) unexpectedly");
        assertThat(ExitReasons.codeName(42)).isEmpty();
    }

    @Test
    void anUnknownCodeSaysOnlyThatItExited() {
        assertThat(ExitReasons.of("model", ExitStatus.UNKNOWN, "unexpectedly", Optional::empty))
                .isEqualTo("model exited unexpectedly");
    }

    @Test
    void theSpawnersReasonReplacesTheCodeAndTheLogIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(ExitReasons.of(
                        "model", new ExitStatus(-1, "was evicted (node out of memory)"), "unexpectedly", () -> {
                            asked.incrementAndGet();
                            return Optional.of("never read");
                        }))
                .isEqualTo("model was evicted (node out of memory) unexpectedly");
        assertThat(ExitReasons.of(
                        "model",
                        ExitStatus.permanentFailure("image x cannot be pulled: not found"),
                        "before it was ready",
                        Optional::empty))
                .isEqualTo("model: image x cannot be pulled: not found");
        assertThat(asked).hasValue(0);
    }

    @Test
    void durationsAreShownInTenthsOfASecond() {
        assertThat(ExitReasons.seconds(Duration.ofMillis(700))).isEqualTo("0.7 s");
        assertThat(ExitReasons.seconds(Duration.ofSeconds(10))).isEqualTo("10.0 s");
    }
}
