package org.opentwinj.platform.compute;

/**
 * The code of one command. Called with parameters that passed their check, on a worker of the
 * service's bounded pool (job commands), or on the request's thread (immediate commands and
 * {@code Command.Compute}, a parametric re-run).
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Runs the command. It must not write to the model itself: what it returns is saved in one
     * {@code Model.Save} (or, for {@code Command.Compute}, handed to the Model's update).
     *
     * @param params   the checked parameters, defaults applied
     * @param inputs   the model's entities and payloads, as of the run (or the update's rebuilt ones)
     * @param progress where to report progress and learn of a cancel
     * @return the outputs; {@link Outputs#none()} when there is nothing to save
     * @throws JobCancelledException from {@link Progress#checkCancelled()}: the job ends CANCELLED
     *     and nothing is saved (a handler that keeps partial results catches it and returns them)
     * @throws org.opentwinj.platform.error.PublicException a failure whose message a user
     *     understands: it becomes the job's reason (or the 4xx reason of an immediate command)
     * @throws Exception anything else: logged with the job's context; the job fails with a
     *     reason naming the command and the error id
     */
    Outputs run(Params params, Inputs inputs, Progress progress) throws Exception;
}
