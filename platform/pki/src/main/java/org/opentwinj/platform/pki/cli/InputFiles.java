package org.opentwinj.platform.pki.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opentwinj.platform.pki.PkiInputException;

/** Checks on files named on the command line: a missing one is bad input (exit code 2). */
final class InputFiles {
    private InputFiles() {}

    /** Fails unless {@code file} is a readable regular file. */
    static Path requireFile(Path file, String option) {
        if (!Files.exists(file)) {
            throw new PkiInputException(option + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new PkiInputException(option + " " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new PkiInputException(option + " " + file + " cannot be read: permission denied");
        }
        return file;
    }
}
