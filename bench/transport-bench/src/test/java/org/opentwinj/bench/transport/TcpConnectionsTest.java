package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TcpConnectionsTest {
    @Test
    void listsTheRemoteEndsOfEstablishedRowsWhoseLocalPortMatches() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1",
                "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2",
                "   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3",
                "   3: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C351 01 0 0 0",
                "   4: 0100007F:1F90 0100007F:C352 06 00000000:00000000 00:00000000 00000000     0        0 4",
                "garbage");

        // 0x1F90 = 8080: the listening socket (0A), the client end (local C350) and TIME_WAIT (06) do not count.
        assertThat(TcpConnections.remotes(table, 8080))
                .containsExactlyInAnyOrder("0100007F:C350", "0000000000000000FFFF00000100007F:C351");
        assertThat(TcpConnections.remotes(table, 50000)).containsExactly("0100007F:1F90");
    }
}
