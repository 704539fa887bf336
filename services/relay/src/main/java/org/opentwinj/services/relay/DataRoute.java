package org.opentwinj.services.relay;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.StreamAnswer;
import org.opentwinj.platform.transport.server.PassThrough;
import org.opentwinj.platform.transport.server.StreamHandler;
import org.opentwinj.platform.transport.server.StreamRequest;
import org.opentwinj.platform.transport.server.StreamResponse;
import org.opentwinj.platform.transport.server.StreamRoute;

/**
 * {@code GET /data/{session}/{entity}?version=V}: an entity's payload from the session's Model,
 * passed on as raw bytes while they arrive (the data path for large results: no base64, no JSON,
 * never held whole here). The client is admitted as its websocket would be: a valid token, a
 * session the user opened or joined (or an admin), serving. The Model is asked over mutual TLS
 * with the user's token, so it checks the user's read access itself; Range, If-Range and
 * If-None-Match go along, and its status, length, ETag and ranges come back.
 */
final class DataRoute implements StreamHandler {
    static final String PATH = "/data/{session}/{entity}";
    /** The session service that holds payloads. */
    static final String MODEL = "model";
    /** Entity ids as the Model makes and accepts them; anything else never reaches it. */
    private static final Pattern ENTITY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final RouteCache routes;
    private final ServiceClient client;

    DataRoute(RouteCache routes, ServiceClient client) {
        this.routes = routes;
        this.client = client;
    }

    StreamRoute route() {
        return new StreamRoute(PATH, StreamRoute.Access.TOKEN, this);
    }

    @Override
    public void handle(StreamRequest request, StreamResponse response) throws IOException {
        String session = request.pathParameter("session");
        String entity = request.pathParameter("entity");
        Caller caller = request.caller();
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session, LogContext.ACTION, "GET /data")) {
            if (!ENTITY_ID.matcher(entity).matches()) {
                throw new PublicException("'" + entity + "' is not an entity id ([A-Za-z0-9_-], 1 to 64)");
            }
            Optional<String> version = request.queryParameter("version");
            if (version.isPresent() && !VERSION.matcher(version.get()).matches()) {
                throw new PublicException("version must be a model version number, not '" + version.get() + "'");
            }
            URI model = modelOf(admitted(session, caller), session);
            URI url = model.resolve(
                    "/data/" + entity + version.map(v -> "?version=" + v).orElse(""));
            StreamAnswer upstream;
            try {
                upstream = client.stream(url, PassThrough.requestHeaders(request, caller.token()));
            } catch (PeerCallException e) {
                routes.forget(session);
                throw new PublicException(502, "the session's model cannot be reached: " + e.reason());
            }
            PassThrough.copy(upstream, response);
        }
    }

    /** The session's routes, when the caller may use it now (as its websocket admission says). */
    private Routes admitted(String session, Caller caller) {
        Routes current = lookUp(session);
        if (!Admission.mayUse(caller, current)) {
            routes.forget(session);
            current = lookUp(session);
        }
        if (!Admission.mayUse(caller, current)) {
            throw PublicException.forbidden("session " + session + " belongs to another user: join it first");
        }
        if (!current.isServing()) {
            throw PublicException.conflict("session " + session + " is not running (state " + current.state() + ")");
        }
        return current;
    }

    private Routes lookUp(String session) {
        try {
            return routes.routes(session);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                throw PublicException.notFound("unknown session " + session);
            }
            String problem = e.isUnreachable() ? "GSS unreachable: " : "GSS cannot answer: ";
            throw new PublicException(503, "cannot look up session " + session + ": " + problem + e.reason());
        }
    }

    private static URI modelOf(Routes routes, String session) {
        URI model = routes.services().get(MODEL);
        if (model == null) {
            throw PublicException.notFound("session " + session + " has no model service; its services are: "
                    + String.join(", ", routes.services().keySet()));
        }
        return model;
    }
}
