package org.opentwinj.platform.transport.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions a service offers and the one place where a request becomes a reply: parse,
 * look up, check the channel and the caller, validate, run, and map every failure to a
 * status. It does no I/O, so it is tested without a server.
 */
public final class ActionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRegistry.class);

    private final Map<String, ActionSpec<?>> actions = new ConcurrentHashMap<>();
    private volatile TokenVerifier tokenVerifier;
    private final List<ExceptionTranslator> translators = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> callListeners = new CopyOnWriteArrayList<>();

    /** @throws IllegalStateException if an action of that name is registered already */
    public ActionRegistry register(ActionSpec<?> spec) {
        if (actions.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("action " + spec.name() + " is registered twice");
        }
        return this;
    }

    /**
     * Installs the verifier for token-protected actions on the one-way TLS channel, and for
     * user tokens that services send on behalf of a user on the mTLS channels.
     */
    public ActionRegistry tokenVerifier(TokenVerifier verifier) {
        this.tokenVerifier = verifier;
        return this;
    }

    /** The installed token verifier, for the transport's stream routes (which check tokens as actions do). */
    public Optional<TokenVerifier> verifier() {
        return Optional.ofNullable(tokenVerifier);
    }

    /** Whether a token verifier is installed. */
    public boolean hasTokenVerifier() {
        return tokenVerifier != null;
    }

    /**
     * Adds a translator for exceptions that are not {@link PublicException}s but have a
     * meaning callers should see, e.g. "database unavailable" (503) instead of a 500.
     */
    public ActionRegistry exceptionTranslator(ExceptionTranslator translator) {
        translators.add(translator);
        return this;
    }

    /**
     * Adds a listener told the action's name whenever a request for a known action runs, before
     * it runs (a session service's launcher counts the time since its last request, for the
     * LSS's idle stop). Listeners must be quick and must not throw.
     */
    public ActionRegistry onCall(Consumer<String> listener) {
        callListeners.add(listener);
        return this;
    }

    public Collection<ActionSpec<?>> actions() {
        return Collections.unmodifiableCollection(actions.values());
    }

    /** The spec of a known action, for checks done before a request is queued. */
    public ActionSpec<?> find(String name) {
        return actions.get(name);
    }

    /**
     * Checks a request without running it, fields included (used by the queue, which answers
     * before it runs: a request it accepts must not fail later for what was sent).
     *
     * @return the parsed request, its spec and its bound fields
     * @throws PublicException describing what is wrong
     */
    public Accepted accept(Channel channel, byte[] body) {
        Accepted accepted = resolve(channel, body);
        return new Accepted(
                accepted.spec(),
                accepted.request(),
                RequestDecoder.bind(accepted.request(), accepted.spec().requestType()));
    }

    /** The action a request names, allowed on the channel; its fields are bound when it runs. */
    private Accepted resolve(Channel channel, byte[] body) {
        ObjectNode request = RequestDecoder.parseObject(body);
        String name = RequestDecoder.actionName(request);
        ActionSpec<?> spec = actions.get(name);
        if (spec == null) {
            throw PublicException.notFound("unknown action '" + name + "'");
        }
        if (!spec.channels().contains(channel)) {
            throw PublicException.forbidden("action '" + name + "' is not available on " + channel.path());
        }
        return new Accepted(spec, request, null);
    }

    /**
     * A request that passed {@link #accept}: known action, allowed channel, JSON object.
     *
     * @param bound the request bound to the action's request type, or null when not bound yet
     */
    public record Accepted(ActionSpec<?> spec, ObjectNode request, Object bound) {}

    /**
     * Runs one request to completion and never throws: every outcome is a {@link Reply}.
     *
     * @param channel     the endpoint the request came in on
     * @param body        the raw request body
     * @param peer        the verified client certificate subject on mTLS channels, else null
     * @param bearerToken the bearer token on the one-way channel, or null
     */
    public Reply dispatch(Channel channel, byte[] body, String peer, String bearerToken) {
        return dispatch(channel, body, new Origin(peer, bearerToken, null));
    }

    /** Like {@link #dispatch(Channel, byte[], String, String)}, with the request's origin. */
    public Reply dispatch(Channel channel, byte[] body, Origin origin) {
        Accepted accepted;
        try {
            accepted = resolve(channel, body);
        } catch (PublicException e) {
            return Reply.error(e.status(), Reply.UNKNOWN_ACTION, e.getMessage());
        }
        return run(accepted, channel, origin);
    }

    /** Runs an accepted request; never throws. */
    public Reply run(Accepted accepted, Channel channel, String peer, String bearerToken) {
        return run(accepted, channel, new Origin(peer, bearerToken, null));
    }

    /** Runs an accepted request from the given origin; never throws. */
    public Reply run(Accepted accepted, Channel channel, Origin origin) {
        ActionSpec<?> spec = accepted.spec();
        for (Consumer<String> listener : callListeners) {
            listener.accept(spec.name());
        }
        String requestId = UUID.randomUUID().toString();
        try (LogContext ignored = LogContext.with(LogContext.ACTION, spec.name(), LogContext.PEER, origin.peer())) {
            try {
                Caller caller = caller(spec, channel, origin.peer(), origin.bearerToken());
                try (LogContext alsoIgnored = LogContext.with(LogContext.USER, caller.user())) {
                    Object result = invoke(
                            spec,
                            accepted,
                            new CallContext(spec.name(), channel, caller, requestId, origin.remoteAddress()));
                    return Reply.ok(spec.name(), Json.mapper().valueToTree(result));
                }
            } catch (PublicException e) {
                LOG.debug("action refused with {}: {}", e.status(), e.getMessage());
                return Reply.error(spec.name(), e);
            } catch (Exception | StackOverflowError e) {
                Optional<PublicException> translated = translate(e);
                if (translated.isPresent()) {
                    LOG.warn(
                            "action {} refused with {}: {}",
                            spec.name(),
                            translated.get().status(),
                            translated.get().getMessage());
                    return Reply.error(spec.name(), translated.get());
                }
                String errorId = UUID.randomUUID().toString();
                try (LogContext withId = LogContext.with(LogContext.ERROR_ID, errorId)) {
                    LOG.error("action {} failed with an internal error", spec.name(), e);
                }
                return Reply.internalError(spec.name(), errorId);
            }
        }
    }

    private Optional<PublicException> translate(Throwable e) {
        for (ExceptionTranslator translator : translators) {
            Optional<PublicException> translated = translator.translate(e);
            if (translated.isPresent()) {
                return translated;
            }
        }
        return Optional.empty();
    }

    private Caller caller(ActionSpec<?> spec, Channel channel, String peer, String bearerToken) {
        if (channel != Channel.ONE_WAY_TLS) {
            // A service calling on behalf of a user sends the user's token: check it like the
            // public channel does, so that a forwarded identity is never taken on trust.
            if (bearerToken == null || bearerToken.isBlank()) {
                return Caller.service(peer);
            }
            TokenVerifier verifier = tokenVerifier;
            if (verifier == null) {
                throw PublicException.unauthorized(
                        "this service cannot verify the user token sent with '" + spec.name() + "'");
            }
            return verifier.verify(bearerToken).via(peer);
        }
        if (bearerToken == null || bearerToken.isBlank()) {
            if (spec.access() == Access.ANONYMOUS) {
                return Caller.ANONYMOUS;
            }
            throw PublicException.unauthorized("action '" + spec.name() + "' needs a token: log in first");
        }
        TokenVerifier verifier = tokenVerifier;
        if (spec.access() == Access.ANONYMOUS) {
            // A stale token must not stop a user from logging in again: anonymous actions only
            // use the token when it is valid.
            try {
                return verifier == null ? Caller.ANONYMOUS : verifier.verify(bearerToken);
            } catch (PublicException e) {
                LOG.debug("ignoring an invalid token on anonymous action {}: {}", spec.name(), e.getMessage());
                return Caller.ANONYMOUS;
            }
        }
        if (verifier == null) {
            throw PublicException.unauthorized("this service cannot verify tokens");
        }
        return verifier.verify(bearerToken);
    }

    private static <Q> Object invoke(ActionSpec<Q> spec, Accepted accepted, CallContext context) throws Exception {
        Q bound = accepted.bound() != null
                ? spec.requestType().cast(accepted.bound())
                : RequestDecoder.bind(accepted.request(), spec.requestType());
        return spec.handler().handle(bound, context);
    }
}
