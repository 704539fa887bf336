package org.opentwinj.bench.support;

/**
 * Something the run needs is not there and the user has to provide it (nginx,
 * configurable-http-proxy, the distribution). Its message says what and how, and is shown as it
 * is; the harness exits with 2, as for bad flags.
 */
public class MissingPrerequisiteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingPrerequisiteException(String message) {
        super(message);
    }
}
