package org.opentwinj.platform.transport.action;

/** The ways an action can be reached; each is one endpoint of every service. */
public enum Channel {
    /** {@code POST /execute}: service to service, a verified client certificate is required. */
    MUTUAL_TLS("/execute"),
    /** {@code POST /execute-one-way-tls}: thin clients over server-only TLS, usually with a token. */
    ONE_WAY_TLS("/execute-one-way-tls"),
    /** {@code POST /queue}: like {@link #MUTUAL_TLS}, but answered at once and processed in order. */
    QUEUE("/queue");

    private final String path;

    Channel(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
