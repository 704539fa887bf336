package org.opentwinj.services.lss.session;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One service of a session type: the name it has within the session (unique there), the
 * service that runs it ({@code opentwin run <service>}), and when it starts.
 *
 * @param name     the name within the session, e.g. {@code mesh}
 * @param service  the service, e.g. {@code cartesian-mesh}
 * @param onDemand started by the first message for it rather than when the session opens,
 *                 and stopped again once idle
 * @param idleStop how long an on-demand service may be idle before it stops; null for the
 *                 LSS's {@code --idle-stop-ms}
 */
public record ServiceSlot(String name, String service, boolean onDemand, Duration idleStop) {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    public ServiceSlot {
        if (name == null
                || !NAME.matcher(name).matches()
                || service == null
                || !NAME.matcher(service).matches()) {
            throw new IllegalArgumentException(
                    "service names are lower case letters, digits and '-': " + name + ":" + service);
        }
        if (idleStop != null && (!onDemand || idleStop.isNegative() || idleStop.isZero())) {
            throw new IllegalArgumentException(
                    "only an on-demand service has an idle time, and it is positive: " + name);
        }
    }

    /** A service started when the session opens. */
    public ServiceSlot(String name, String service) {
        this(name, service, false, null);
    }

    /** An on-demand service that stops after the LSS's idle time. */
    public static ServiceSlot onDemand(String name, String service) {
        return new ServiceSlot(name, service, true, null);
    }

    /** How long it may be idle before it stops, given the LSS's default. */
    public Duration idleStop(Duration lssDefault) {
        return idleStop == null ? lssDefault : idleStop;
    }
}
