package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Duration;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.ServiceExitedRequest;

/** The LSS's calls to the services of its sessions (mTLS); faked in tests. */
public interface SessionServices {
    /**
     * Sends {@code Run}.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException when the service refuses or cannot be reached
     */
    void run(URI service, RunRequest request);

    /** Sends {@code Ping}; true when it answered in time. Never throws. */
    boolean ping(URI service);

    /**
     * Sends {@code Ping} and reads what a session service adds to its answer: how long it has
     * been idle and whether it is busy. Never throws. By default from {@link #ping} alone (a
     * service that says nothing about idleness is never idle).
     */
    default Pong health(URI service) {
        return ping(service) ? Pong.ALIVE : Pong.NONE;
    }

    /**
     * Sends {@code Job.ServiceExited} to the session's Model service.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException when it refuses or cannot be reached
     * @throws UnsupportedOperationException from implementations that do not call services
     *     (tests of other parts); the supervisor logs it as it logs a refusal
     */
    default void serviceExited(URI model, ServiceExitedRequest request) {
        throw new UnsupportedOperationException("these session services cannot tell a Model that a service exited");
    }

    /**
     * What a {@code Ping} told.
     *
     * @param answered whether it answered in time
     * @param idle     how long the service had no request (zero when it does not say)
     * @param busy     whether it runs a job (a busy service is never idle)
     */
    record Pong(boolean answered, Duration idle, boolean busy) {
        /** No answer. */
        public static final Pong NONE = new Pong(false, Duration.ZERO, false);

        /** An answer that says nothing about idleness. */
        public static final Pong ALIVE = new Pong(true, Duration.ZERO, false);
    }
}
