package org.opentwinj.services.model.data.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payload bytes on local disk, one file per payload named by its SHA-256, so the data path
 * serves a large result at disk speed instead of reading it from GridFS every time. Payloads
 * never change once saved (an entity version's payload is named by its SHA-256), so a cached
 * file never goes stale; it can only be damaged or removed, and the cache checks for that:
 *
 * <ul>
 *   <li>filled on the first read of a payload, from its {@link PayloadSource}, into a temporary
 *       file that is renamed into place only once its length and SHA-256 are right (a crash
 *       mid-fill leaves a {@code .part} file, removed at the next start);
 *   <li>before a file is served its length and modification time must be those recorded; a file
 *       found at start, or changed since, has its SHA-256 checked first (once per process, as
 *       hashing costs a pass over the bytes). A file that fails is removed and filled again from
 *       the source: it is never served;
 *   <li>bounded: the files take at most {@code maxBytes} (plus the payloads being filled); the
 *       least recently read go first; a payload larger than the bound is not cached;
 *   <li>concurrent readers of one payload wait for one fill and then share the file; one that
 *       waits longer than {@link #FILL_WAIT} (the fill is feeding a slow client) is told to read
 *       the source itself.
 * </ul>
 *
 * A reader gets an open {@link FileChannel}: a file evicted meanwhile stays readable through it.
 */
public final class PayloadCache {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String PART = ".part";
    /** Bytes read or written at a time when hashing or filling. */
    private static final int BUFFER = 1 << 20;
    /** Fills of different payloads run side by side; of one payload, one after the other. */
    private static final int LOCK_STRIPES = 64;
    /** How long a reader waits for another's fill of the same payload before reading the source itself. */
    static final Duration FILL_WAIT = Duration.ofSeconds(5);

    private final Path directory;
    private final CacheIndex index;
    private final Duration fillWait;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    private PayloadCache(Path directory, long maxBytes, Duration fillWait) {
        this.directory = directory;
        this.index = new CacheIndex(maxBytes);
        this.fillWait = fillWait;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Opens the cache in {@code options.directory()} (created if missing): leftovers of
     * interrupted fills are removed, the payload files there are kept (checked before their
     * first use) in the order of their modification times, and the oldest go if they exceed the
     * bound.
     */
    public static PayloadCache open(PayloadCacheOptions options) throws IOException {
        return open(options, FILL_WAIT);
    }

    /** With another wait for a fill under way (tests). */
    static PayloadCache open(PayloadCacheOptions options, Duration fillWait) throws IOException {
        PayloadCache cache = new PayloadCache(options.directory(), options.maxBytes(), fillWait);
        Files.createDirectories(options.directory());
        record Found(String sha256, BasicFileAttributes attributes) {}
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(options.directory())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PART)) {
                    Files.deleteIfExists(file);
                } else if (SHA256.matcher(name).matches()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        found.add(new Found(name, attributes));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(f -> f.attributes().lastModifiedTime()));
        for (Found file : found) {
            cache.index.put(
                    file.sha256(),
                    new CacheIndex.Entry(
                            file.attributes().size(), file.attributes().lastModifiedTime(), false),
                    cache::delete);
        }
        if (!found.isEmpty()) {
            LOG.info(
                    "payload cache {}: {} payloads kept from before ({} bytes)",
                    options.directory(),
                    cache.index.size(),
                    cache.index.totalBytes());
        }
        return cache;
    }

    /**
     * The payload's bytes, from the cached file or, on a miss, after filling it from
     * {@code source}; empty when the payload is not cached (larger than the bound, or its SHA-256
     * is not a hex SHA-256) or another reader's copy of it is taking longer than the fill wait:
     * the caller then reads the source itself.
     *
     * @param sha256 the payload's SHA-256 (hex, lower case), as the Model recorded it
     * @param size   its length in bytes
     * @return an open channel positioned at 0 that the caller closes
     * @throws IOException           when the source fails (nothing is kept)
     * @throws IllegalStateException when the source's bytes are not those recorded (length or
     *                               SHA-256): nothing is kept
     */
    public Optional<FileChannel> open(String sha256, long size, PayloadSource source) throws IOException {
        if (sha256 == null || !SHA256.matcher(sha256).matches() || !index.fits(size)) {
            return Optional.empty();
        }
        ReentrantLock lock = locks[Math.floorMod(sha256.hashCode(), locks.length)];
        try {
            if (!lock.tryLock(fillWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info(
                        "payload cache: {} is still being copied after {} ms; this reader reads it from the source",
                        sha256,
                        fillWait.toMillis());
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the copy of payload " + sha256, e);
        }
        try {
            Optional<FileChannel> hit = hit(sha256, size);
            if (hit.isPresent()) {
                return hit;
            }
            return Optional.of(fill(sha256, size, source));
        } finally {
            lock.unlock();
        }
    }

    /** The cached file when it is there and sound; else it is forgotten (and removed). */
    private Optional<FileChannel> hit(String sha256, long size) throws IOException {
        Optional<CacheIndex.Entry> entry = index.get(sha256);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Path file = directory.resolve(sha256);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // Evicted for another payload between the look-up and the open (or removed by
            // something else): copied again.
            LOG.debug("payload cache: the file of {} is gone from {}; reading the payload again", sha256, directory);
            index.remove(sha256);
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            String problem = null;
            if (attributes.size() != size || channel.size() != size) {
                problem = "it has " + channel.size() + " bytes, not " + size;
            } else if (!entry.get().verified()
                    || !attributes.lastModifiedTime().equals(entry.get().modified())) {
                String actual = sha256(channel);
                if (!actual.equals(sha256)) {
                    problem = "its SHA-256 is " + actual;
                } else {
                    index.put(sha256, new CacheIndex.Entry(size, attributes.lastModifiedTime(), true), this::delete);
                }
            }
            if (problem != null) {
                LOG.warn("payload cache: the file of {} is damaged ({}); reading the payload again", sha256, problem);
                channel.close();
                index.remove(sha256);
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            return Optional.of(channel.position(0));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private FileChannel fill(String sha256, long size, PayloadSource source) throws IOException {
        Path temp = Files.createTempFile(directory, sha256 + ".", PART);
        try {
            MessageDigest digest = digest();
            long written;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ChannelSink sink = new ChannelSink(out, digest);
                source.writeTo(sink);
                sink.drain();
                written = sink.written;
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (written != size || !actual.equals(sha256)) {
                throw new IllegalStateException("the stored payload " + sha256 + " has " + written
                        + " bytes with SHA-256 " + actual + ", not the " + size + " bytes recorded");
            }
            Path file = directory.resolve(sha256);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            index.put(sha256, new CacheIndex.Entry(size, Files.getLastModifiedTime(file), true), this::delete);
            return channel;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes an evicted payload's file (a reader that has it open keeps reading it). */
    private void delete(String sha256) {
        try {
            Files.deleteIfExists(directory.resolve(sha256));
        } catch (IOException e) {
            LOG.warn("payload cache: cannot remove the evicted {} from {}", sha256, directory, e);
        }
    }

    /** How many bytes the cached files take (for tests and logs). */
    public long totalBytes() {
        return index.totalBytes();
    }

    private static String sha256(FileChannel channel) throws IOException {
        MessageDigest digest = digest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = 0;
        for (int read; (read = channel.read(buffer, position)) > 0; position += read) {
            digest.update(buffer.array(), 0, read);
            buffer.clear();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Writes to the temporary file in large pieces, hashing and counting what passes. */
    private static final class ChannelSink extends OutputStream {
        private final FileChannel out;
        private final MessageDigest digest;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private long written;

        ChannelSink(FileChannel out, MessageDigest digest) {
            this.out = out;
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            digest.update(bytes, offset, length);
            written += length;
            while (length > 0) {
                int n = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, n);
                offset += n;
                length -= n;
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }

        void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
    }
}
