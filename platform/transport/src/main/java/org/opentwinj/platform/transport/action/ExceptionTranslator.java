package org.opentwinj.platform.transport.action;

import java.util.Optional;
import org.opentwinj.platform.error.PublicException;

/**
 * Gives an internal exception a public meaning. Called for every exception a handler throws
 * that is not a {@link PublicException}, before it would be answered with a 500.
 */
@FunctionalInterface
public interface ExceptionTranslator {
    /**
     * Called on the request's thread; must not throw and should answer quickly.
     *
     * @param failure what the handler threw (possibly wrapped)
     * @return the public error to answer with, or empty to leave it an internal error
     */
    Optional<PublicException> translate(Throwable failure);
}
