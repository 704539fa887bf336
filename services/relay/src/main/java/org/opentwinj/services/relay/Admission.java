package org.opentwinj.services.relay;

import java.util.Optional;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who may talk through the relay: a client with a valid token, for a session the GSS
 * knows, that the user opened or joined (or the caller is an admin), and that is serving. Each
 * refusal carries the close code and a reason for the client. Every connection keeps its own
 * user's token, so a session's services answer each participant with that user's rights.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    static final String ADMIN_ROLE = "admin";

    /** A client let in: who it is and what its session looks like now. */
    record Admitted(Caller caller, Routes routes) {}

    private final TokenVerifier tokens;
    private final RouteCache routes;

    Admission(TokenVerifier tokens, RouteCache routes) {
        this.tokens = tokens;
        this.routes = routes;
    }

    /**
     * @throws ConnectionRefused with the close code for the client
     * @throws PeerCallException when the GSS answers in a way it never should (an internal error)
     */
    Admitted admit(Handshake handshake) {
        String session = handshake.session();
        if (session == null) {
            throw new ConnectionRefused(CloseCode.NO_SESSION, "no session parameter: connect to /relay?session=<id>");
        }
        Caller caller = authenticate(handshake.token());
        Routes current = lookUp(session);
        if (!mayUse(caller, current)) {
            // A user who joined a moment ago is not in the routes known here yet: ask the GSS
            // before refusing.
            routes.forget(session);
            current = lookUp(session);
        }
        if (!mayUse(caller, current)) {
            throw new ConnectionRefused(
                    CloseCode.FORBIDDEN,
                    "session " + session + " belongs to another user: join it first (Session.Join)");
        }
        if (!current.isServing()) {
            throw new ConnectionRefused(
                    CloseCode.NOT_RUNNING, "session " + session + " is not running (state " + current.state() + ")");
        }
        return new Admitted(caller, current);
    }

    /** Whether the caller opened or joined the session, or is an admin. */
    static boolean mayUse(Caller caller, Routes routes) {
        return routes.isOpenerOrParticipant(caller.user()) || caller.roles().contains(ADMIN_ROLE);
    }

    /**
     * Whether a connected client may stay, now that its session looks as {@code current} says:
     * empty while it may; else the close code and reason for it (it left the session, or the
     * session ended). A session on its way in or out of serving (restarting, closing) keeps its
     * clients: they are told once it has ended.
     */
    static Optional<ConnectionRefused> mayStay(Caller caller, Routes current) {
        if (current.state().isEnded()) {
            return Optional.of(new ConnectionRefused(
                    CloseCode.NOT_RUNNING,
                    "session " + current.session() + " has ended (state " + current.state() + ")"));
        }
        if (!mayUse(caller, current)) {
            return Optional.of(new ConnectionRefused(
                    CloseCode.FORBIDDEN, "you are no longer in session " + current.session() + " (you left it)"));
        }
        return Optional.empty();
    }

    /**
     * Checks a token a connected client sent to replace its own.
     *
     * @throws PublicException 401 when the token is not valid (the connection keeps its token)
     * @throws ConnectionRefused 4401 when it is another user's: a connection never changes hands
     */
    Caller renewal(String user, String token) {
        Caller fresh = tokens.verify(token);
        if (!fresh.user().equals(user)) {
            throw new ConnectionRefused(CloseCode.UNAUTHORIZED, "the new token is for another user");
        }
        return fresh;
    }

    private Caller authenticate(String token) {
        if (token == null) {
            throw new ConnectionRefused(
                    CloseCode.UNAUTHORIZED,
                    "no token: send 'Authorization: Bearer <token>' or the subprotocols 'opentwin.v1, bearer.<token>'");
        }
        try {
            return tokens.verify(token);
        } catch (PublicException e) {
            throw new ConnectionRefused(CloseCode.UNAUTHORIZED, e.getMessage());
        }
    }

    private Routes lookUp(String session) {
        try {
            return routes.routes(session);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                throw new ConnectionRefused(CloseCode.UNKNOWN_SESSION, "unknown session " + session);
            }
            if (e.isUnreachable() || e.httpStatus() == 502 || e.httpStatus() == 503 || e.httpStatus() == 504) {
                LOG.warn("cannot look up session {}: {}", session, e.getMessage());
                // A GSS that answered 503 was reached: its reason (its database, say) is the cause.
                String problem = e.isUnreachable() ? "GSS unreachable: " : "GSS cannot answer: ";
                throw new ConnectionRefused(CloseCode.GSS_UNREACHABLE, problem + e.reason());
            }
            throw e;
        }
    }
}
