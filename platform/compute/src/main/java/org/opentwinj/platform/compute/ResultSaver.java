package org.opentwinj.platform.compute;

import java.util.List;
import org.opentwinj.platform.session.CommandSpec;

/** Saves a command's outputs in one model version. */
@FunctionalInterface
public interface ResultSaver {
    /**
     * Stages the outputs' payloads and saves them all in one {@code Model.Save} for the job
     * ({@link org.opentwinj.platform.compute.model.ModelAccess#saveForJob}: the job's user is the
     * author, no token needed), each with the command's parameters as typed properties and its
     * origin. The job must be running on the Model's job board.
     *
     * @return the new model version
     * @throws org.opentwinj.platform.error.PublicException with the Model's reason when it refuses
     */
    long save(CommandSpec command, Params params, List<Output> outputs, String message, String job);
}
