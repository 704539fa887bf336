package org.opentwinj.services.model.data.cache;

import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which payloads the cache holds, least recently used first, and how many bytes they take: the
 * cache's bookkeeping, without I/O (the eviction callback deletes the files). Thread-safe.
 */
final class CacheIndex {
    /**
     * One cached file as the cache last saw it.
     *
     * @param size     its length in bytes
     * @param modified its modification time when it was written or checked: a file changed since
     *     (by anything but the cache) is checked again before it is served
     * @param verified whether this process has checked its SHA-256 (files found at start have not)
     */
    record Entry(long size, FileTime modified, boolean verified) {}

    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    CacheIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether a payload of this size may be cached at all. */
    boolean fits(long size) {
        return size <= maxBytes;
    }

    /** The entry of {@code sha256}, which becomes the most recently used. */
    synchronized Optional<Entry> get(String sha256) {
        return Optional.ofNullable(entries.get(sha256));
    }

    /**
     * Records {@code sha256} as the most recently used, then evicts the least recently used others
     * until all fit: {@code evict} is called for each, under the index's lock, so that no file is
     * recorded again while it is being deleted.
     */
    synchronized void put(String sha256, Entry entry, Consumer<String> evict) {
        Entry old = entries.put(sha256, entry);
        totalBytes += entry.size() - (old == null ? 0 : old.size());
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (totalBytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, Entry> candidate = oldest.next();
            if (candidate.getKey().equals(sha256)) {
                continue;
            }
            oldest.remove();
            totalBytes -= candidate.getValue().size();
            evict.accept(candidate.getKey());
        }
    }

    /** Forgets {@code sha256} (its file is damaged or gone). */
    synchronized void remove(String sha256) {
        Entry old = entries.remove(sha256);
        if (old != null) {
            totalBytes -= old.size();
        }
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized int size() {
        return entries.size();
    }
}
