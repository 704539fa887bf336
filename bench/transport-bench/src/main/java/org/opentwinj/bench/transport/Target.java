package org.opentwinj.bench.transport;

import java.net.URI;

/**
 * A running server the load generator measures: a separate process on 127.0.0.1 serving
 * {@code POST /execute} over mutual TLS. The two kinds differ only in how they start and stop.
 */
abstract class Target implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final String description;
    private boolean closed;

    Target(String name, Process process, int port, String description) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.description = description;
    }

    /** The name in the report, e.g. {@code OpenTwin/J} or {@code nginx}. */
    final String name() {
        return name;
    }

    /** The base URL, {@code https://127.0.0.1:PORT}. */
    final URI baseUri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    final int port() {
        return port;
    }

    /** The server process, for its CPU time (descendants included). */
    final ProcessHandle process() {
        return process.toHandle();
    }

    /** How it was started, for the report (command, workers, heap). */
    final String description() {
        return description;
    }

    /** Stops the process and its children for sure; safe to call more than once. */
    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            stop(process);
        }
    }

    /** Stops the server, once. */
    abstract void stop(Process process);
}
