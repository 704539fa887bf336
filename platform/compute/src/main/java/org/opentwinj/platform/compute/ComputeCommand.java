package org.opentwinj.platform.compute;

import java.util.Objects;
import org.opentwinj.platform.session.CommandSpec;

/**
 * A command as a service declares it: what clients see ({@link CommandSpec}) and its code.
 *
 * @param spec    name, title, toolbar place, typed parameters, whether it is a job
 * @param handler its code
 */
public record ComputeCommand(CommandSpec spec, CommandHandler handler) {
    public ComputeCommand {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handler, "handler");
    }

    public String name() {
        return spec.name();
    }
}
