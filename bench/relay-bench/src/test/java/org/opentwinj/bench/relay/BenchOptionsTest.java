package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay's own flags and defaults; the sweep's flags are tested with SweepOptions in bench-support. */
class BenchOptionsTest {
    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        BenchOptions o = BenchOptions.parse(List.of());

        assertThat(o.sweep().clients())
                .as("websockets, fewer levels than the transport benchmark")
                .containsExactly(1, 64);
        assertThat(o.sweep().prewarm()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.node()).isEqualTo(Path.of("node"));
        assertThat(o.chp().toString()).endsWith("node_modules/configurable-http-proxy/bin/configurable-http-proxy");
        assertThat(o.out()).isNull();
    }

    @Test
    void theRelaysFlagsAndTheSweepsAreRead() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--measure",
                "1m",
                "--clients",
                "2, 8,",
                "--node",
                "/opt/node/bin/node",
                "--chp",
                "/opt/chp/bin/chp",
                "--out",
                "report.md",
                "--keep-dir"));

        assertThat(o.sweep().measure()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.sweep().clients()).containsExactly(2, 8);
        assertThat(o.node()).isEqualTo(Path.of("/opt/node/bin/node"));
        assertThat(o.chp()).isEqualTo(Path.of("/opt/chp/bin/chp"));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.sweep().keepDir()).isTrue();
    }

    @Test
    void aLaterFlagWinsSoRunShCanPassNodeFirst() {
        assertThat(BenchOptions.parse(List.of("--node", "/usr/bin/node", "--node", "/opt/node"))
                        .node())
                .isEqualTo(Path.of("/opt/node"));
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "513")))
                .hasMessageContaining("between 1 and 512");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--chp"))).hasMessageContaining("--chp needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--nginx", "/usr/sbin/nginx")))
                .hasMessageContaining("unknown flag '--nginx'");
    }

    @Test
    void loadTimeCountsThePrewarmAndEveryPathAtEveryLevelAndRound() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--prewarm", "20s", "--warmup", "5s", "--measure", "10s", "--clients", "1,64", "--rounds", "2"));

        assertThat(o.loadTime()).isEqualTo(Duration.ofSeconds(4 * 20 + 15 * 4 * 2 * 2));
    }

    @Test
    void theUsageNamesEveryFlag() {
        assertThat(BenchOptions.usage())
                .contains(
                        "--prewarm",
                        "--warmup",
                        "--measure",
                        "--clients",
                        "--rounds",
                        "--request-timeout",
                        "--node",
                        "--chp",
                        "--out",
                        "--keep-dir",
                        "node_modules/configurable-http-proxy/bin/configurable-http-proxy");
    }
}
