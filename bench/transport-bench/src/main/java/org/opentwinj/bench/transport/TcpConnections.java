package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The established TCP connections a server holds on its port, from the kernel's tables
 * ({@code /proc/net/tcp} and {@code tcp6}). Sampled at the start and the end of each
 * measured period, they show connection reuse the same way for both servers: with
 * keep-alive working, N clients hold N connections, all opened during warm-up and none in
 * the measured period; a side that closed connections would show new ones.
 */
final class TcpConnections {
    /** IPv4 and IPv6 tables: a JVM's sockets are IPv6 with IPv4-mapped addresses, nginx's plain IPv4. */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The kernel's state code for ESTABLISHED. */
    private static final String ESTABLISHED = "01";

    private TcpConnections() {}

    /**
     * The remote ends ({@code address:port} in the kernel's hex) of the established
     * connections whose local end is {@code port}; null when no table can be read (not Linux).
     * Comparing two samples tells how many connections were opened in between.
     */
    static Set<String> established(int port) {
        Set<String> remotes = new HashSet<>();
        boolean readAny = false;
        for (Path table : TABLES) {
            try {
                remotes.addAll(remotes(Files.readAllLines(table, StandardCharsets.US_ASCII), port));
                readAny = true;
            } catch (IOException e) {
                // No IPv6 (or not Linux): use what the other table has.
            }
        }
        return readAny ? remotes : null;
    }

    /**
     * The remote ends of rows like {@code 0: 0100007F:1F90 0100007F:C350 01 ...} (local address:port,
     * remote address:port, state; ports in hex; tcp6 rows have longer addresses) whose local port is {@code port}. The header
     * row and malformed rows are skipped.
     */
    static Set<String> remotes(List<String> lines, int port) {
        String portHex = ":" + String.format("%04X", port);
        Set<String> remotes = new HashSet<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 3 && fields[1].endsWith(portHex) && fields[3].equals(ESTABLISHED)) {
                remotes.add(fields[2]);
            }
        }
        return remotes;
    }
}
