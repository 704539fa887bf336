package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void numbersUseThePointAndMissingOnesSayNA() {
        assertThat(Markdown.fmt("%.2f", 1234.5)).isEqualTo("1234.50");
        assertThat(Markdown.fmt("%.0f", 0.5)).isEqualTo("1");
        assertThat(Markdown.fmt("%.2f", Double.NaN)).isEqualTo("n/a");
        assertThat(Markdown.fmt("%.2f", Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    }

    @Test
    void ratiosNeedAPositiveDivisor() {
        assertThat(Markdown.ratio(500, 1_000)).isEqualTo(0.5);
        assertThat(Markdown.ratio(3, 1)).isEqualTo(3.0);
        assertThat(Markdown.ratio(1, 0)).isNaN();
        assertThat(Markdown.ratio(1, -0.2))
                .as("an added latency at or below zero has no ratio")
                .isNaN();
        assertThat(Markdown.ratio(Double.NaN, 1)).isNaN();
        assertThat(Markdown.ratio(1, Double.NaN)).isNaN();
    }

    @Test
    void durationsAreWholeSecondsOrMilliseconds() {
        assertThat(Markdown.seconds(Duration.ofSeconds(20))).isEqualTo("20 s");
        assertThat(Markdown.seconds(Duration.ofMillis(1500))).isEqualTo("1500 ms");
        assertThat(Markdown.seconds(Duration.ZERO)).isEqualTo("0 s");
    }

    @Test
    void countsThatShouldBeZeroStandOutOtherwise() {
        assertThat(Markdown.alarm(0)).isEqualTo("0");
        assertThat(Markdown.alarm(3)).isEqualTo("**3**");
        assertThat(Markdown.connections(16, 3)).isEqualTo("16 (3)");
        assertThat(Markdown.connections(-1, -1)).isEqualTo("n/a (n/a)");
    }

    @Test
    void theCommandAndListsHaveTheirLayout() {
        assertThat(Markdown.command("run.sh --rounds 1")).isEqualTo("Command:\n\n```\nrun.sh --rounds 1\n```\n\n");
        assertThat(Markdown.bullets(List.of("CPU: x", "OS: y"))).isEqualTo("- CPU: x\n- OS: y\n");
        assertThat(Markdown.bullets(List.of())).isEmpty();
    }
}
