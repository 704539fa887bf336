package org.opentwinj.services.lss.session;

import java.util.regex.Pattern;

/**
 * One service of a session type: the name it has within the session (unique there) and the
 * service that runs it ({@code opentwin run <service>}).
 *
 * @param name    the name within the session, e.g. {@code mesh}
 * @param service the service, e.g. {@code cartesian-mesh}
 */
public record ServiceSlot(String name, String service) {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    public ServiceSlot {
        if (name == null
                || !NAME.matcher(name).matches()
                || service == null
                || !NAME.matcher(service).matches()) {
            throw new IllegalArgumentException(
                    "service names are lower case letters, digits and '-': " + name + ":" + service);
        }
    }
}
