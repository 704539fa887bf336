package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineInfoTest {
    @Test
    void readsKeyValueLinesOfProcFilesAndOsRelease() {
        List<String> lines = List.of("processor\t: 0", "model name\t: AMD EPYC", "PRETTY_NAME=\"Debian 12\"");

        assertThat(MachineInfo.firstValue(lines, "model name")).isEqualTo("AMD EPYC");
        assertThat(MachineInfo.firstValue(lines, "PRETTY_NAME")).isEqualTo("\"Debian 12\"");
        assertThat(MachineInfo.firstValue(lines, "flags")).isEqualTo("unknown");
    }

    @Test
    void listsTheMachineTheJdkAndTheHarnessesOwnFactsInOrder() {
        List<String> lines = MachineInfo.collect("load generator", false, "nginx: 1.22", "Load average: 0 0 0");

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .startsWith("CPU: ")
                .endsWith(Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        assertThat(lines.get(1)).startsWith("Memory: ").doesNotContain("available at the start");
        assertThat(lines.get(2)).startsWith("OS: ");
        assertThat(lines.get(3))
                .startsWith("JDK (load generator): ")
                .contains(System.getProperty("java.runtime.version"));
        assertThat(lines.subList(4, 6)).containsExactly("nginx: 1.22", "Load average: 0 0 0");
        assertThat(MachineInfo.collect("harness", true).get(1)).contains("(available at the start: ");
    }
}
