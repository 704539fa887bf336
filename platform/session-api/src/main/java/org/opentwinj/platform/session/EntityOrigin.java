package org.opentwinj.platform.session;

import java.util.List;

/**
 * What made an entity, kept with it (as {@code origin}) so that editing its properties can
 * re-run the command, and everything made from it can be brought up to date.
 *
 * @param service the service that made it
 * @param command the command, whose parameters are the entity's typed properties
 * @param inputs  ids of the entities it was made from (its parameters of type ENTITY)
 */
public record EntityOrigin(String service, String command, List<String> inputs) {
    public EntityOrigin {
        inputs = List.copyOf(inputs);
    }
}
