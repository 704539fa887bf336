package org.opentwinj.platform.transport.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;

/**
 * The answer to a {@link StreamClient} GET: its status and headers, and its body as it arrives.
 * Closing it (or its body) ends the exchange: a connection whose body was read to its end is
 * kept for the next request, one closed earlier is closed.
 */
public final class StreamAnswer implements AutoCloseable {
    private final int statusCode;
    private final HttpHeaders headers;
    private final InputStream body;

    StreamAnswer(int statusCode, HttpHeaders headers, InputStream body) {
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The answer's headers (names compared ignoring case). */
    public HttpHeaders headers() {
        return headers;
    }

    /** The body: exactly {@code Content-Length} bytes, or none for 304 and answers without one. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
