package org.opentwinj.services.model.data.cache;

import java.nio.file.Path;

/**
 * The payload cache's settings, read once at start.
 *
 * @param directory where the cached payloads lie, one file each named by its SHA-256; the cache
 *     is the directory's only user
 * @param maxBytes  the most bytes the cached files take together (0: no cache, every read goes to
 *     GridFS); a payload larger than this is never cached
 */
public record PayloadCacheOptions(Path directory, long maxBytes) {
    /** 1 GiB: ten 100 MB results, a small share of a laptop's disk. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    public PayloadCacheOptions {
        if (directory == null || maxBytes < 0) {
            throw new IllegalArgumentException("a directory and maxBytes >= 0 are needed");
        }
    }
}
