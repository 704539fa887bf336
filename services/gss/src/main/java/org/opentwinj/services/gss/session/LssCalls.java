package org.opentwinj.services.gss.session;

import java.net.URI;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.StartRequest;

/** What the GSS asks of an LSS. Over mTLS in production; faked in tests. */
public interface LssCalls {
    /**
     * {@code Session.Start}: the LSS accepts the session and starts its services in the
     * background, reporting progress with {@code Session.Report}.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException refused (429 busy, 400
     *     unknown type, 503 full) or unreachable
     */
    void start(URI lss, StartRequest request);

    /**
     * {@code Session.Stop}: the LSS stops the session's services in the background and reports
     * {@code CLOSED} when done.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException 404 when it does not know the session, or unreachable
     */
    void stop(URI lss, String session);

    /**
     * {@code Service.Demand}: the LSS starts an on-demand service of the session that does not
     * run, and answers once it confirmed (or at once when it runs).
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException 404 no such session or
     *     service, 503 it could not start (the reason says why), or unreachable
     */
    DemandReply demand(URI lss, DemandRequest request);
}
