package org.opentwinj.bench.transport;

import java.net.URI;

/**
 * A running server the load generator measures. Both implementations are separate
 * processes on 127.0.0.1 serving {@code POST /execute} over mutual TLS.
 */
interface Target extends AutoCloseable {
    /** The name in the report, e.g. {@code OpenTwin/J} or {@code nginx}. */
    String name();

    /** The base URL, {@code https://127.0.0.1:PORT}. */
    URI baseUri();

    int port();

    /** The server process, for its CPU time (descendants included). */
    ProcessHandle process();

    /** How it was started, for the report (command, workers, heap). */
    String description();

    /** Stops the process and its children for sure; safe to call more than once. */
    @Override
    void close();
}
