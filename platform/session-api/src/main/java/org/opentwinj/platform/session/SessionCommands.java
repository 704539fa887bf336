package org.opentwinj.platform.session;

import java.util.List;

/**
 * {@code Session.Commands} (client to GSS, token): the session's catalogue, the union of its
 * services' commands, also of on-demand services that have not started yet.
 *
 * @param session  the session id
 * @param services each service's commands, in the session type's order
 * @param unknown  services whose commands are not known yet (never started on this platform):
 *                 a {@code Service.Commands} sent to them through the relay starts them
 */
public record SessionCommands(String session, List<ServiceCommands> services, List<String> unknown) {
    public SessionCommands {
        services = List.copyOf(services);
        unknown = List.copyOf(unknown);
    }
}
