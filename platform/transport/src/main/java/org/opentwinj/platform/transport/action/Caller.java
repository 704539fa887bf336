package org.opentwinj.platform.transport.action;

import java.util.Set;

/**
 * Who is calling, as far as the transport can tell.
 *
 * @param peer   subject of the verified client certificate (mTLS channels), or null
 * @param user   user name from a verified token (one-way TLS), or null
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

    @Override
    public String toString() {
        return peer != null ? "service " + peer : user != null ? "user " + user : "anonymous";
    }
}
