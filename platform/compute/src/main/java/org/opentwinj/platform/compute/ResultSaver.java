package org.opentwinj.platform.compute;

import java.util.List;
import org.opentwinj.platform.session.CommandSpec;

/** Saves a command's outputs in one model version. */
@FunctionalInterface
public interface ResultSaver {
    /**
     * Stages the outputs' payloads and saves them all in one {@code Model.Save}, as the user
     * whose token is given, each with the command's parameters as typed properties and its origin.
     *
     * @return the new model version
     * @throws org.opentwinj.platform.error.PublicException with the Model's reason when it refuses
     */
    long save(CommandSpec command, Params params, List<Output> outputs, String message, String userToken);
}
