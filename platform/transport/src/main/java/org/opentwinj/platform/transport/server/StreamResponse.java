package org.opentwinj.platform.transport.server;

import java.io.OutputStream;

/** How a {@link StreamHandler} answers: status and headers, then a body of known length, or none. */
public interface StreamResponse {
    /** Sets the status (200 unless set). */
    StreamResponse status(int status);

    /** Sets a header (replacing one of the same name). */
    StreamResponse header(String name, String value);

    /**
     * Sends the status and headers with {@code Content-Length: contentLength} and returns the
     * stream for exactly that many bytes; closing it ends the answer. Writes go to the client as
     * they are made (no buffering of the whole body).
     */
    OutputStream body(long contentLength);

    /** Sends the status and headers without a body (304, or a 200 of length 0). */
    void send();

    /** Whether the status and headers are on their way: then the status cannot change. */
    boolean started();
}
