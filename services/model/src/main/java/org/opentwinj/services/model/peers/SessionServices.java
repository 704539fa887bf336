package org.opentwinj.services.model.peers;

import java.net.URI;
import java.util.Optional;
import org.opentwinj.platform.error.PublicException;

/**
 * Where the session's other services are, for the calls the Model makes to them: passing a
 * {@code Job.Cancel} on, and {@code Command.Compute} in a parametric update.
 */
public interface SessionServices {
    /**
     * Called before each call to a service; must not block.
     *
     * @return the URL of the service if it runs now (as the session's latest {@code Run} lists it,
     *     or as {@link #demand} answered since), empty otherwise
     */
    Optional<URI> running(String service);

    /**
     * Starts an on-demand service that is not running, and waits until it serves. Called at most
     * once per call that needs it, from a worker thread (it may block for the service's start).
     *
     * @return its URL
     * @throws org.opentwinj.platform.error.PublicException when it cannot be started (e.g. 404: the
     *     session type has no such service; 503: no session, or the LSS cannot be reached), with
     *     a reason a user understands
     */
    URI demand(String service);

    /** For a Model serving one project without a session: no other service runs, none can be started. */
    static SessionServices none() {
        return new SessionServices() {
            @Override
            public Optional<URI> running(String service) {
                return Optional.empty();
            }

            @Override
            public URI demand(String service) {
                throw PublicException.conflict("this Model serves its project without a session, so service " + service
                        + " cannot be started");
            }
        };
    }
}
