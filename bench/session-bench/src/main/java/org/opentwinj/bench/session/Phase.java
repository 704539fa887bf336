package org.opentwinj.bench.session;

/**
 * The consecutive steps of one start, from the request to the moment the client knows all
 * three services are ready. They add up to the whole open-to-ready time. A session goes
 * through all of them; a direct start only through {@link #LAUNCH} and {@link #BOOT}.
 */
enum Phase {
    REQUEST("Session.New at the GSS: token check, project rights from AUTH, project lock, session record", false),
    DISPATCH("GSS picks the LSS and calls Session.Start over mTLS; the LSS accepts", false),
    LAUNCH(
            "ports, a certificate per service (LSS: issued now; direct: made beforehand), fork/exec of the 3 JVMs",
            true),
    BOOT(
            "JVMs start until the slowest service is ready (session: its Service.Confirm reached the LSS; direct: its /readyz answered)",
            true),
    RUN("Run broadcast from the LSS to the 3 services", false),
    OBSERVE("LSS reports RUNNING to the GSS; the client's Session.Events long poll returns", false);

    private final String description;
    private final boolean direct;

    Phase(String description, boolean direct) {
        this.description = description;
        this.direct = direct;
    }

    String description() {
        return description;
    }

    /** Whether a direct start has this step too. */
    boolean inDirectStart() {
        return direct;
    }
}
