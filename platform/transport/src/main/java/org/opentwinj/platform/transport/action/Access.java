package org.opentwinj.platform.transport.action;

/** Who may call an action on the {@link Channel#ONE_WAY_TLS} channel. */
public enum Access {
    /** Anyone who reaches the port, e.g. {@code Login} or service information. */
    ANONYMOUS,
    /** A caller with a valid token, checked by the service's {@link TokenVerifier}. */
    TOKEN
}
