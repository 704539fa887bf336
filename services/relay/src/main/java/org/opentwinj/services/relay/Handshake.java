package org.opentwinj.services.relay;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a client's upgrade request says: the session it wants and its token. Browsers cannot
 * set headers on a websocket, so the token may also come as the subprotocol
 * {@code bearer.<token>} next to {@code opentwin.v1}; the relay then answers with
 * {@code opentwin.v1} only and never echoes the token.
 *
 * @param session          the {@code session} query parameter, or null
 * @param token            the bearer token, or null; a secret, never logged
 * @param offeredProtocol  whether the client offered the subprotocol {@link #PROTOCOL}
 */
record Handshake(String session, String token, boolean offeredProtocol) {
    static final String PROTOCOL = "opentwin.v1";
    static final String BEARER_PROTOCOL_PREFIX = "bearer.";
    static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");

    static Handshake of(UriQuery query, Headers headers) {
        String session = query.contains("session") ? blankToNull(query.get("session")) : null;
        List<String> protocols = headers.values(SUBPROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
        String token = bearerHeader(headers)
                .or(() -> protocols.stream()
                        .filter(protocol -> protocol.startsWith(BEARER_PROTOCOL_PREFIX))
                        .map(protocol -> protocol.substring(BEARER_PROTOCOL_PREFIX.length()))
                        .findFirst())
                .map(Handshake::blankToNull)
                .orElse(null);
        return new Handshake(session, token, protocols.contains(PROTOCOL));
    }

    /** The headers to add to the 101 answer: the chosen subprotocol, if the client offered ours. */
    Optional<Headers> responseHeaders() {
        if (!offeredProtocol) {
            return Optional.empty();
        }
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(SUBPROTOCOL, PROTOCOL);
        return Optional.of(headers);
    }

    private static Optional<String> bearerHeader(Headers headers) {
        return headers.values(HeaderNames.AUTHORIZATION).stream()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim())
                .findFirst();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "Handshake[session=" + session + ", token=" + (token == null ? "none" : "****") + ", offeredProtocol="
                + offeredProtocol + "]";
    }
}
