package org.opentwinj.platform.transport.action;

import java.util.Set;

/**
 * Who is calling, as far as the transport can tell. A service may call on behalf of a user
 * by sending the user's token on {@code /execute}: then both {@code peer} and {@code user}
 * are set (the relay does this for the thin client's messages).
 *
 * @param peer   subject of the verified client certificate (mTLS channels), or null
 * @param user   user name from a verified token, or null
 * @param roles  roles carried by the token, empty otherwise
 * @param token  the bearer token as received, for services that forward it; never logged
 */
public record Caller(String peer, String user, Set<String> roles, String token) {
    public static final Caller ANONYMOUS = new Caller(null, null, Set.of(), null);

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller service(String peerSubject) {
        return new Caller(peerSubject, null, Set.of(), null);
    }

    public static Caller user(String user, Set<String> roles, String token) {
        return new Caller(null, user, roles, token);
    }

    /** The same user, reached through the service with this certificate subject. */
    public Caller via(String peerSubject) {
        return new Caller(peerSubject, user, roles, token);
    }

    @Override
    public String toString() {
        if (user != null) {
            return peer != null ? "user " + user + " via service " + peer : "user " + user;
        }
        return peer != null ? "service " + peer : "anonymous";
    }
}
