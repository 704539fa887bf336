package org.opentwinj.bench.relay;

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
}
