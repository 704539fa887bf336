package org.opentwinj.services.lss.session;

import java.net.URI;

/** Sessions as the supervisor leaves them, for tests of the code around it. */
public final class TestSessions {
    private TestSessions() {}

    /** The session's service, placed where the planner put it. */
    public static ServiceInstance placed(LiveSession session, String name, int port, URI url) {
        ServiceInstance instance = session.instance(name).orElseThrow();
        synchronized (session) {
            instance.place(port, url);
        }
        return instance;
    }
}
