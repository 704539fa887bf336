package org.opentwinj.platform.transport.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.opentwinj.platform.transport.client.StreamAnswer;

/**
 * Passes a stream route's answer on from the service behind (the relay from the Model, the web
 * service from the relay): status, the headers that describe the bytes, and the body piece by
 * piece as it arrives, so a hop never holds a whole payload and the client sees progress as
 * soon as the first bytes leave the Model.
 */
public final class PassThrough {
    /** Request headers a hop passes on (besides the Authorization it sets itself). */
    public static final List<String> REQUEST_HEADERS = List.of("Range", "If-Range", "If-None-Match");

    /** Answer headers a hop passes back. */
    static final List<String> RESPONSE_HEADERS = List.of(
            "Content-Type",
            "Content-Range",
            "ETag",
            "Accept-Ranges",
            "Cache-Control",
            "X-Content-Type-Options",
            "Retry-After");

    /** Bytes copied at a time: large enough for throughput, small enough to be a part. */
    static final int BUFFER = 256 * 1024;

    private PassThrough() {}

    /** The headers of {@code request} that a hop passes on, with the given Authorization. */
    public static Map<String, String> requestHeaders(StreamRequest request, String bearerToken) {
        LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + bearerToken);
        for (String name : REQUEST_HEADERS) {
            request.header(name).ifPresent(value -> headers.put(name, value));
        }
        return headers;
    }

    /**
     * Copies {@code upstream} to {@code response} and closes the upstream body.
     *
     * @throws IOException when either side fails mid-way (the client then sees a short body)
     */
    public static void copy(StreamAnswer upstream, StreamResponse response) throws IOException {
        try (upstream;
                InputStream in = upstream.body()) {
            response.status(upstream.statusCode());
            for (String name : RESPONSE_HEADERS) {
                Optional<String> value = upstream.headers().firstValue(name);
                value.ifPresent(v -> response.header(name, v));
            }
            OptionalLong length = upstream.headers().firstValueAsLong("Content-Length");
            if (upstream.statusCode() == 304 || length.isEmpty() || length.getAsLong() == 0) {
                response.send();
                return;
            }
            try (OutputStream out = new BufferedOutputStream(response.body(length.getAsLong()), BUFFER)) {
                byte[] buffer = new byte[BUFFER];
                long left = length.getAsLong();
                while (left > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        throw new IOException("the service behind ended its answer " + left + " bytes early");
                    }
                    out.write(buffer, 0, read);
                    left -= read;
                    if (in.available() == 0) {
                        // Nothing more is here yet: send what is, so the client's progress follows
                        // the Model's; while bytes keep coming they go out in large writes.
                        out.flush();
                    }
                }
            }
        }
    }
}
