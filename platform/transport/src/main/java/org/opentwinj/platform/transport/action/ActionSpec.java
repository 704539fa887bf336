package org.opentwinj.platform.transport.action;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One registered action: its name, request type, the channels that reach it, who may call
 * it on the public channel, and whether it may be retried.
 *
 * @param name        e.g. {@code Session.New}
 * @param requestType the record (or class) the request's fields bind to
 * @param channels    the endpoints that accept it
 * @param access      who may call it on {@link Channel#ONE_WAY_TLS}; ignored on the mTLS channels
 * @param idempotent  whether repeating it has no further effect (clients may then retry it)
 * @param handler     the code
 */
public record ActionSpec<Q>(
        String name,
        Class<Q> requestType,
        Set<Channel> channels,
        Access access,
        boolean idempotent,
        ActionHandler<Q> handler) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]*(\\.[A-Z][A-Za-z0-9]*)*");

    public ActionSpec {
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("action names are dotted PascalCase (Session.New): " + name);
        }
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("action " + name + " must accept at least one channel");
        }
        channels = Set.copyOf(channels);
    }

    /** A service-to-service action, reachable on /execute and /queue. */
    public static <Q> ActionSpec<Q> internal(String name, Class<Q> requestType, ActionHandler<Q> handler) {
        return new ActionSpec<>(
                name, requestType, EnumSet.of(Channel.MUTUAL_TLS, Channel.QUEUE), Access.TOKEN, false, handler);
    }

    /** An action thin clients reach with a token on /execute-one-way-tls, and services on /execute. */
    public static <Q> ActionSpec<Q> withToken(String name, Class<Q> requestType, ActionHandler<Q> handler) {
        return new ActionSpec<>(
                name, requestType, EnumSet.of(Channel.MUTUAL_TLS, Channel.ONE_WAY_TLS), Access.TOKEN, false, handler);
    }

    /** An action anyone may call on /execute-one-way-tls (e.g. Login), and services on /execute. */
    public static <Q> ActionSpec<Q> anonymous(String name, Class<Q> requestType, ActionHandler<Q> handler) {
        return new ActionSpec<>(
                name,
                requestType,
                EnumSet.of(Channel.MUTUAL_TLS, Channel.ONE_WAY_TLS),
                Access.ANONYMOUS,
                false,
                handler);
    }

    public ActionSpec<Q> asIdempotent() {
        return new ActionSpec<>(name, requestType, channels, access, true, handler);
    }

    public ActionSpec<Q> onChannels(Channel first, Channel... more) {
        return new ActionSpec<>(name, requestType, EnumSet.of(first, more), access, idempotent, handler);
    }
}
