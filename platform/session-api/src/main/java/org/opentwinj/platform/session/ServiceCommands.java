package org.opentwinj.platform.session;

import java.util.List;

/**
 * A compute service's catalogue: the answer to {@code Service.Commands}, and (per service) a
 * part of the session's catalogue ({@code Session.Commands}).
 *
 * @param service  the service's name within the session
 * @param commands what it offers
 */
public record ServiceCommands(String service, List<CommandSpec> commands) {
    public ServiceCommands {
        commands = List.copyOf(commands);
    }
}
