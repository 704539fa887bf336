package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one client request to the session's service, on the user's behalf (the service
 * checks the user's token itself and sees "user X via service relay"), and turns every
 * outcome into the reply frame for the client. Never throws.
 */
final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final ServiceClient client;
    private final RouteCache routes;
    private final RouteSource gss;
    /**
     * Demands under way, by session and service: the messages that come for a service while it
     * starts wait for the same start (each connection holds at most its in-flight limit).
     */
    private final Map<String, CompletableFuture<DemandReply>> demands = new ConcurrentHashMap<>();

    Forwarder(ServiceClient client, RouteCache routes, RouteSource gss) {
        this.client = client;
        this.routes = routes;
        this.gss = gss;
    }

    /** @return the reply frame: {@code status} ok with the service's result, or error with an HTTP-like status */
    String forward(String session, Caller caller, ClientMessage.Request request) {
        JsonNode id = request.id();
        try (LogContext ignored = LogContext.with(
                LogContext.SESSION,
                session,
                LogContext.USER,
                caller.user(),
                LogContext.ACTION,
                request.message().path("action").asText())) {
            try {
                return forwardChecked(session, caller, request);
            } catch (RuntimeException e) {
                String errorId = UUID.randomUUID().toString();
                try (LogContext withId = LogContext.with(LogContext.ERROR_ID, errorId)) {
                    LOG.error("forwarding a request to service '{}' failed", request.service(), e);
                }
                return Frames.replyError(id, 500, "internal error in the relay (errorId " + errorId + ")");
            }
        }
    }

    private String forwardChecked(String session, Caller caller, ClientMessage.Request request) {
        JsonNode id = request.id();
        Routes current;
        try {
            current = routes.routes(session);
        } catch (PeerCallException e) {
            return lookupFailed(id, session, e);
        }
        if (!Admission.mayUse(caller, current)) {
            // Known routes older than the user's joining: ask the GSS before refusing.
            routes.forget(session);
            try {
                current = routes.routes(session);
            } catch (PeerCallException e) {
                return lookupFailed(id, session, e);
            }
        }
        if (!Admission.mayUse(caller, current)) {
            // It left the session since it connected; the relay's next admission check closes the connection.
            return Frames.replyError(id, 403, "you are no longer in session " + session + " (you left it)");
        }
        if (!current.isServing()) {
            return Frames.replyError(id, 409, "session " + session + " is not running (state " + current.state() + ")");
        }
        URI url = current.services().get(request.service());
        if (url == null) {
            // No route: an on-demand service that does not run (the GSS starts it) or no such service.
            try {
                url = demand(session, request.service());
            } catch (PeerCallException e) {
                return demandFailed(id, session, request.service(), current, e);
            }
        }
        try {
            return Frames.replyOk(id, client.callOnBehalfOf(url, request.message(), caller.token()));
        } catch (PeerCallException e) {
            if (!e.isUnreachable()) {
                return Frames.replyError(id, e.httpStatus(), e.reason());
            }
            return retryIfMoved(session, caller, request, url, e);
        }
    }

    /**
     * A service that did not answer may have been restarted elsewhere: look the session up again
     * and, if the service's URL changed, send the request there. With an unchanged URL the request
     * is not repeated: it may have been executed before the connection broke.
     */
    private String retryIfMoved(
            String session, Caller caller, ClientMessage.Request request, URI oldUrl, PeerCallException failure) {
        JsonNode id = request.id();
        routes.forget(session);
        URI newUrl;
        try {
            newUrl = routes.routes(session).services().get(request.service());
        } catch (PeerCallException e) {
            LOG.debug(
                    "looking up session {} again after service '{}' was unreachable failed: {}",
                    session,
                    request.service(),
                    e.getMessage());
            return unreachable(id, request.service(), failure);
        }
        if (newUrl == null) {
            // It has no route any more: an on-demand service that stopped (idle); start it again.
            try {
                newUrl = demand(session, request.service());
            } catch (PeerCallException e) {
                LOG.debug("service '{}' of session {} could not be started again: {}", request.service(), session, e);
                return unreachable(id, request.service(), failure);
            }
        } else if (newUrl.equals(oldUrl)) {
            return unreachable(id, request.service(), failure);
        }
        LOG.info(
                "service '{}' of session {} moved from {} to {}; sending the request there",
                request.service(),
                session,
                oldUrl,
                newUrl);
        try {
            return Frames.replyOk(id, client.callOnBehalfOf(newUrl, request.message(), caller.token()));
        } catch (PeerCallException e) {
            if (e.isUnreachable()) {
                routes.forget(session);
                return unreachable(id, request.service(), e);
            }
            return Frames.replyError(id, e.httpStatus(), e.reason());
        }
    }

    /**
     * Asks the GSS to start the service and waits until it is ready; concurrent messages for
     * the same service share one demand. The session's routes are looked up again afterwards.
     */
    private URI demand(String session, String service) {
        String key = session + "/" + service;
        CompletableFuture<DemandReply> mine = new CompletableFuture<>();
        CompletableFuture<DemandReply> running = demands.putIfAbsent(key, mine);
        if (running == null) {
            try {
                LOG.info("service '{}' of session {} has no route; asking the GSS to start it", service, session);
                mine.complete(gss.demand(session, service));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                demands.remove(key, mine);
                routes.forget(session);
            }
            running = mine;
        }
        try {
            return running.join().url();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String demandFailed(
            JsonNode id, String session, String service, Routes current, PeerCallException e) {
        if (e.httpStatus() == 404) {
            return Frames.replyError(
                    id,
                    404,
                    "unknown service '" + service + "' in session " + session + "; its services are: "
                            + String.join(", ", current.services().keySet()));
        }
        if (e.isUnreachable()) {
            return Frames.replyError(
                    id, 503, "service '" + service + "' could not be started: the GSS is unreachable: " + e.reason());
        }
        return Frames.replyError(id, e.httpStatus(), "service '" + service + "' could not be started: " + e.reason());
    }

    private static String unreachable(JsonNode id, String service, PeerCallException e) {
        return Frames.replyError(id, 502, "service '" + service + "' unreachable: " + e.reason());
    }

    private static String lookupFailed(JsonNode id, String session, PeerCallException e) {
        if (e.httpStatus() == 404) {
            return Frames.replyError(id, 404, "session " + session + " does not exist any more");
        }
        String problem = e.isUnreachable()
                ? "GSS unreachable: " + e.reason()
                : "GSS answered " + e.httpStatus() + ": " + e.reason();
        return Frames.replyError(id, 503, "cannot look up the services of session " + session + ": " + problem);
    }
}
