package org.opentwinj.platform.transport.server;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.opentwinj.platform.transport.action.Caller;

/**
 * What a {@link StreamHandler} knows of a request: the path and its parameters, the query, the
 * headers and the caller the transport verified.
 *
 * @param path           the request path as received (still percent-encoded)
 * @param pathParameters the values of the route pattern's {@code {names}}, decoded
 * @param query          the query parameters (the first value of each), decoded
 * @param headers        a header's first value by its name (case-insensitive), if sent
 * @param caller         who is calling, as the route's access checked it
 * @param remoteAddress  the client's network address
 */
public record StreamRequest(
        String path,
        Map<String, String> pathParameters,
        Map<String, String> query,
        Function<String, Optional<String>> headers,
        Caller caller,
        String remoteAddress) {
    public StreamRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
    }

    /** A header's first value, if the request has it. */
    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    /** A query parameter, if given and not blank. */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isBlank());
    }

    /** A path parameter of the route's pattern; the pattern guarantees it is there. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route pattern has no parameter {" + name + "}");
        }
        return value;
    }
}
