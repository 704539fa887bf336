package org.opentwinj.systemtest.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.stream.IntStream;

/**
 * Port offsets for tests that run {@code opentwin up --port-offset N}. Each test searches from
 * its own first offset with its own step, so that tests and a platform a developer runs on the
 * default ports do not collide.
 */
final class LocalPorts {
    /** The ports {@code up} binds at offset 0: the services, the database's wire port, the first session ports. */
    private static final int[] PLATFORM_PORTS = {8089, 8090, 8091, 8092, 8093, 8094, 8443, 27018, 9100, 9101, 9102};

    private LocalPorts() {}

    /** The first offset from {@code first}, in steps of {@code step}, at which every platform port is free. */
    static int freeOffset(int first, int step) {
        for (int offset = first; offset < 37_000; offset += step) {
            int base = offset;
            if (IntStream.of(PLATFORM_PORTS).allMatch(port -> free(port + base))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset from " + first + " in steps of " + step);
    }

    /** Whether nothing listens on the port now. */
    static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return probe.getLocalPort() == port;
        } catch (IOException busy) {
            return false;
        }
    }
}
