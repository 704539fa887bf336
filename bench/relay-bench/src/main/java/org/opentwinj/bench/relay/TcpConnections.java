package org.opentwinj.bench.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The established TCP connections one process holds to a port, from the kernel's tables
 * ({@code /proc/net/tcp} and {@code tcp6}) and the process's sockets ({@code /proc/PID/fd}).
 * Sampled at the start and the end of each measured period, they show connection reuse the
 * same way on every path: the load generator's N websockets to the port it talks to, all
 * opened during warm-up and none in the measured period; and behind a proxy, the connections
 * the relay (its pooled HTTPS connections) or configurable-http-proxy (one upstream websocket
 * per client) holds to the echo service. Counting by owner keeps idle connections of another
 * path (the relay's pool stays open between points) out of the figures.
 */
final class TcpConnections {
    /** IPv4 and IPv6 tables: a JVM's sockets are IPv6 with IPv4-mapped addresses, node's plain IPv4. */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The kernel's state code for ESTABLISHED. */
    private static final String ESTABLISHED = "01";

    private static final String SOCKET_LINK = "socket:[";

    private TcpConnections() {}

    /**
     * The local ends ({@code address:port} in the kernel's hex) of the established connections
     * that {@code owner} holds to {@code remotePort}; null when it cannot be told (not Linux, or
     * the process's descriptors cannot be read). Comparing two samples tells how many
     * connections were opened in between.
     */
    static Set<String> established(ProcessHandle owner, int remotePort) {
        Set<Long> inodes = socketInodes(owner.pid());
        if (inodes == null) {
            return null;
        }
        Set<String> ends = new HashSet<>();
        boolean readAny = false;
        for (Path table : TABLES) {
            try {
                ends.addAll(connections(Files.readAllLines(table, StandardCharsets.US_ASCII), remotePort, inodes));
                readAny = true;
            } catch (IOException e) {
                // No IPv6 (or not Linux): use what the other table has.
            }
        }
        return readAny ? ends : null;
    }

    /** The inodes of a process's sockets, from the links {@code /proc/PID/fd/N -> socket:[INODE]}; null if unreadable. */
    static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    Long inode = inode(Files.readSymbolicLink(fd).toString());
                    if (inode != null) {
                        inodes.add(inode);
                    }
                } catch (IOException closedMeanwhile) {
                    // The descriptor was closed while we listed them.
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return inodes;
    }

    /** The inode of a link target like {@code socket:[123]}, or null for anything else (files, pipes). */
    static Long inode(String linkTarget) {
        if (!linkTarget.startsWith(SOCKET_LINK) || !linkTarget.endsWith("]")) {
            return null;
        }
        try {
            return Long.parseLong(linkTarget.substring(SOCKET_LINK.length(), linkTarget.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The local ends of rows like {@code 0: 0100007F:C350 0100007F:1F90 01 ... uid timeout inode}
     * (local address:port, remote address:port, state; ports in hex; tcp6 rows have longer
     * addresses) that are established to {@code remotePort} and whose socket inode is one of
     * {@code inodes}. The header row and malformed rows are skipped.
     */
    static Set<String> connections(List<String> lines, int remotePort, Set<Long> inodes) {
        String portHex = ":" + String.format("%04X", remotePort);
        Set<String> ends = new HashSet<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 9 && fields[2].endsWith(portHex) && fields[3].equals(ESTABLISHED)) {
                try {
                    if (inodes.contains(Long.parseLong(fields[9]))) {
                        ends.add(fields[1]);
                    }
                } catch (NumberFormatException malformed) {
                    // Not a socket row.
                }
            }
        }
        return ends;
    }
}
