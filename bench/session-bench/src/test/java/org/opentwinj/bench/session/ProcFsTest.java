package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void statusValuesAreReadInKilobytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  167512 kB\nVmRSS:\t  150000 kB\n";

        assertThat(ProcFs.statusValue(status, "VmHWM:")).isEqualTo(167_512);
        assertThat(ProcFs.statusValue(status, "VmRSS:")).isEqualTo(150_000);
        assertThat(ProcFs.statusValue(status, "VmSwap:")).isEqualTo(-1);
        assertThat(ProcFs.statusValue("", "VmHWM:")).isEqualTo(-1);
    }

    @Test
    void theCpuLineCountsIdleAndIowaitAsNotBusyAndLeavesGuestTimeOut() {
        ProcFs.CpuCounters c = ProcFs.parseCpuLine("cpu  100 10 50 800 40 0 0 0 7 0");

        assertThat(c.total()).isEqualTo(1_000);
        assertThat(c.busy()).isEqualTo(160);
        assertThat(new ProcFs.CpuCounters(1_160, 2_000).busyPercentSince(c)).isEqualTo(100.0);
        assertThat(new ProcFs.CpuCounters(260, 1_400).busyPercentSince(c)).isEqualTo(25.0);
        assertThat(c.busyPercentSince(new ProcFs.CpuCounters(-1, -1))).isNaN();
        assertThatThrownBy(() -> ProcFs.parseCpuLine("cpu0 1 2 3 4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLinesAreSplitAtNuls() {
        assertThat(ProcFs.splitNul("java\0-cp\0a:b\0Main\0")).containsExactly("java", "-cp", "a:b", "Main");
        assertThat(ProcFs.splitNul("")).isEmpty();
    }

    @Test
    void otherLoadIsTheMachineBusyShareMinusOurOwnCpu() {
        // 2 cores for 10 s = 20 s of CPU; we used 5 s (25 %), the machine was 40 % busy: others 15 %.
        assertThat(ProcFs.otherLoadPercent(40.0, 5_000_000_000L, 10_000_000_000L, 2))
                .isEqualTo(15.0);
        assertThat(ProcFs.otherLoadPercent(Double.NaN, 1, 1, 2)).isNaN();
        assertThat(ProcFs.otherLoadPercent(40.0, -1, 1, 2)).isNaN();
    }
}
