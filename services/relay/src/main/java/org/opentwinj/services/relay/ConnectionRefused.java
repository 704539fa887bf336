package org.opentwinj.services.relay;

/** Why a client's connection is closed right after it opened; the reason is shown to the client. */
final class ConnectionRefused extends RuntimeException {
    private final CloseCode code;

    ConnectionRefused(CloseCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    CloseCode code() {
        return code;
    }
}
