package org.opentwinj.platform.spawner.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.opentwinj.platform.error.PublicException;

/**
 * Hands out ports from a range for session services: one that is neither given to another
 * service of this LSS nor bound by anything else on this machine right now. Ports are handed
 * out round-robin, so a port just freed is not reused at once (its old owner may linger).
 */
public final class PortAllocator {
    private final int first;
    private final int last;
    private final InetAddress bindAddress;
    private final Set<Integer> taken = new HashSet<>();
    private int next;

    /**
     * @param first       the lowest port
     * @param last        the highest port
     * @param bindAddress the address services bind, to test that a port is free there
     */
    public PortAllocator(int first, int last, InetAddress bindAddress) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is not within 1-65535");
        }
        this.first = first;
        this.last = last;
        this.bindAddress = bindAddress;
        this.next = first;
    }

    /** @throws PublicException 503 when every port of the range is taken */
    public synchronized int allocate() {
        int size = last - first + 1;
        for (int i = 0; i < size; i++) {
            int port = next;
            next = next == last ? first : next + 1;
            if (!taken.contains(port) && isFree(port)) {
                taken.add(port);
                return port;
            }
        }
        throw new PublicException(503, "no free port left in " + first + "-" + last + " for a session service");
    }

    /** Marks a port as given (a service found running after an LSS restart). */
    public synchronized void reserve(int port) {
        taken.add(port);
    }

    public synchronized void release(int port) {
        taken.remove(port);
    }

    public synchronized int inUse() {
        return taken.size();
    }

    private boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(bindAddress, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
