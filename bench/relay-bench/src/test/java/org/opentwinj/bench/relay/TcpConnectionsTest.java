package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TcpConnectionsTest {
    @Test
    void listsTheLocalEndsOfEstablishedRowsToThePortWhoseSocketTheProcessOwns() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11 1 0 100 0 0 10 0",
                "   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 12 1 0 20 4 30 10 -1",
                "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 13 1 0 20 4 30 10 -1",
                "   3: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:1F90 01 0 0 0 0 0 14 1",
                "   4: 0100007F:C352 0100007F:1F90 06 00000000:00000000 03:00001381 00000000     0        0 15 3",
                "   5: 0100007F:C353 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 16 1",
                "garbage");

        // 0x1F90 = 8080. Ours: 12, 14, 15 (TIME_WAIT, not counted); 16 is another process's; 13 is the server's end.
        assertThat(TcpConnections.connections(table, 8080, Set.of(12L, 14L, 15L)))
                .containsExactlyInAnyOrder("0100007F:C350", "0000000000000000FFFF00000100007F:C351");
        assertThat(TcpConnections.connections(table, 8080, Set.of())).isEmpty();
        assertThat(TcpConnections.connections(table, 50000, Set.of(13L))).containsExactly("0100007F:1F90");
    }

    @Test
    void onlySocketLinksHaveAnInode() {
        assertThat(TcpConnections.inode("socket:[4711]")).isEqualTo(4711L);
        assertThat(TcpConnections.inode("pipe:[4711]")).isNull();
        assertThat(TcpConnections.inode("/tmp/file")).isNull();
        assertThat(TcpConnections.inode("socket:[x]")).isNull();
    }

    @Test
    void theHarnessCanReadItsOwnSockets() {
        // On Linux the process's descriptors are readable; elsewhere the figures are "n/a", not wrong.
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd"))) {
            assertThat(TcpConnections.socketInodes(ProcessHandle.current().pid()))
                    .isNotNull();
        }
    }
}
