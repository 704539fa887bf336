package org.opentwinj.platform.session;

import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * The answer to {@code Command.Run}: the job it started, or, for a command that is not a
 * job, the model version it saved and the entities it wrote.
 *
 * @param job      the job's id (job commands)
 * @param version  the model version the command saved (immediate commands that change the model)
 * @param entities ids of the entities it wrote
 */
public record CommandReply(
        @OptionalField String job,
        @OptionalField Long version,
        @OptionalField List<String> entities) {}
