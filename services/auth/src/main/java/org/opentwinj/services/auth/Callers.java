package org.opentwinj.services.auth;

import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.CallContext;

/** The rights checks every feature shares: who is the calling user, and are they an admin. */
public final class Callers {
    public static final String ADMIN = "admin";
    public static final String USER = "user";

    private Callers() {}

    /** The calling user's name; services calling over mTLS carry no user and are refused. */
    public static String user(CallContext call) {
        String user = call.caller().user();
        if (user == null) {
            throw PublicException.unauthorized("action '" + call.action() + "' needs a user token");
        }
        return user;
    }

    public static boolean isAdmin(CallContext call) {
        return call.caller().user() != null && call.caller().roles().contains(ADMIN);
    }

    /** The calling admin's name, or 403 for anyone else. */
    public static String admin(CallContext call) {
        String user = user(call);
        if (!isAdmin(call)) {
            throw PublicException.forbidden("action '" + call.action() + "' is for admins only");
        }
        return user;
    }
}
