package org.opentwinj.platform.pki;

import org.opentwinj.platform.error.PublicException;

/**
 * Bad input to the PKI: a CSR JSON field, a duration, a host name, a command-line value or
 * an output file that would be overwritten. The message is one line, names the field or
 * file at fault and says what is allowed instead, so it can be shown to the user as is.
 * The CLI maps it to {@code ExitCode.INVALID_CONFIGURATION}.
 */
public class PkiInputException extends PublicException {

    public PkiInputException(String message) {
        super(message);
    }
}
