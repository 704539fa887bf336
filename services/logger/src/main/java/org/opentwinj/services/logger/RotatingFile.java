package org.opentwinj.services.logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends lines to {@code name.log}; when it would grow past the size limit it becomes
 * {@code name.log.1} (older ones shift up to {@code .keep}, the oldest is deleted) and a new
 * file starts.
 */
final class RotatingFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private BufferedWriter writer;
    private long size;

    RotatingFile(Path file, long maxBytes, int keep) throws IOException {
        if (maxBytes < 1024 || keep < 1) {
            throw new IllegalArgumentException("rotation needs at least 1 KiB and 1 kept file");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    synchronized void append(List<String> lines) throws IOException {
        for (String line : lines) {
            long length = line.getBytes(StandardCharsets.UTF_8).length + 1L;
            if (size > 0 && size + length > maxBytes) {
                rotate();
            }
            writer.write(line);
            writer.write('\n');
            size += length;
        }
        writer.flush();
    }

    private void rotate() throws IOException {
        writer.close();
        Files.deleteIfExists(numbered(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void open() throws IOException {
        writer = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private Path numbered(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
