package org.opentwinj.platform.pki.pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * Writes a set of PEM files all or nothing. Before anything is written every target is
 * checked: an existing file is refused unless {@code force} is given (a CA key overwritten
 * by mistake invalidates every certificate it issued), except when it already holds
 * exactly the new content, which destroys nothing and so is left alone. Each file is
 * written to a temporary file in the same directory and moved into place, so a reader never
 * sees half a key; secret files are created with mode 0600 from the start, never widened.
 */
public final class OutputFiles {
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");

    /**
     * One file to write.
     *
     * @param path where it goes
     * @param content the PEM text
     * @param secret true for private keys: mode 0600
     */
    public record OutputFile(Path path, String content, boolean secret) {}

    private OutputFiles() {}

    /**
     * Writes the files, creating missing directories.
     *
     * @return the files written, without those that already held the same content
     * @throws PkiInputException if a target exists and {@code force} is false, is a
     *     directory, or cannot be written; nothing has been written then
     */
    public static List<Path> write(List<OutputFile> files, boolean force) {
        List<OutputFile> toWrite = new ArrayList<>();
        for (OutputFile file : files) {
            if (Files.isDirectory(file.path())) {
                throw new PkiInputException(file.path() + " is a directory, not a file");
            }
            if (Files.exists(file.path()) && !force) {
                if (sameContent(file)) {
                    continue;
                }
                throw new PkiInputException(file.path() + " already exists: use --force to overwrite it");
            }
            toWrite.add(file);
        }
        List<Path> written = new ArrayList<>();
        for (OutputFile file : toWrite) {
            writeOne(file);
            written.add(file.path());
        }
        return written;
    }

    private static boolean sameContent(OutputFile file) {
        try {
            return Files.readString(file.path(), StandardCharsets.US_ASCII).equals(file.content());
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeOne(OutputFile file) {
        Path target = file.path().toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            boolean posix = Files.getFileStore(target.getParent()).supportsFileAttributeView("posix");
            // createTempFile makes the file 0600 on POSIX systems: a key is never readable by others.
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, file.content(), StandardCharsets.US_ASCII);
            if (posix) {
                Files.setPosixFilePermissions(temporary, file.secret() ? SECRET : PUBLIC);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            deleteQuietly(temporary);
            throw new PkiInputException("cannot write " + file.path() + ": "
                    + PemFiles.oneLine(
                            e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new PkiInputException("cannot write " + file.path() + ": " + PemFiles.oneLine(e.getMessage()));
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The write already failed; a stray temporary file is the lesser problem.
            }
        }
    }
}
