package org.opentwinj.services.web;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.StreamAnswer;
import org.opentwinj.platform.transport.server.PassThrough;
import org.opentwinj.platform.transport.server.StreamHandler;
import org.opentwinj.platform.transport.server.StreamRequest;
import org.opentwinj.platform.transport.server.StreamResponse;
import org.opentwinj.platform.transport.server.StreamRoute;

/**
 * {@code GET /data/{session}/{entity}}: the page's data path, on the page's own origin. Passes
 * the request (token, Range, If-Range, If-None-Match) to the relay's {@code /data} and its
 * answer back byte for byte as it arrives, as {@link RelayBridge} does for the websocket; the
 * relay admits the user and the Model checks their rights. Public for the data benchmark.
 */
public final class DataGateway implements StreamHandler {
    static final String PATH = "/data/{session}/{entity}";
    /** Path segments passed on as they are: nothing that could change the relay's path or query. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final ServiceClient client;
    private final URI relay;

    public DataGateway(ServiceClient client, URI relay) {
        this.client = client;
        this.relay = relay;
    }

    public StreamRoute route() {
        return new StreamRoute(PATH, StreamRoute.Access.TOKEN, this);
    }

    @Override
    public void handle(StreamRequest request, StreamResponse response) throws IOException {
        String session = segment(request, "session");
        String entity = segment(request, "entity");
        Optional<String> version = request.queryParameter("version");
        if (version.isPresent() && !version.get().matches("[0-9]{1,18}")) {
            throw new PublicException("version must be a model version number, not '" + version.get() + "'");
        }
        URI url = relay.resolve("/data/" + session + "/" + entity
                + version.map(v -> "?version=" + v).orElse(""));
        StreamAnswer upstream;
        try {
            upstream = client.stream(
                    url, PassThrough.requestHeaders(request, request.caller().token()));
        } catch (PeerCallException e) {
            throw new PublicException(502, "the relay cannot be reached: " + e.reason());
        }
        PassThrough.copy(upstream, response);
    }

    private static String segment(StreamRequest request, String name) {
        String value = request.pathParameter(name);
        if (!SEGMENT.matcher(value).matches()) {
            throw new PublicException("'" + value + "' is not a valid " + name + " id");
        }
        return value;
    }
}
