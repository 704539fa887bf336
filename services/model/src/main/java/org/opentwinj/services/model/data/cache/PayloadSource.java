package org.opentwinj.services.model.data.cache;

import java.io.IOException;
import java.io.OutputStream;

/** Where a payload's bytes come from when the cache does not have them (the Model's GridFS). */
@FunctionalInterface
public interface PayloadSource {
    /**
     * Writes the whole payload to {@code out}, from its first byte to its last, and returns. Called
     * at most once per cache miss, on the thread that asked; the cache checks the length and the
     * SHA-256 of what was written, so a source need not check them itself.
     *
     * @throws IOException when the bytes cannot be read or written (the cache then keeps nothing)
     */
    void writeTo(OutputStream out) throws IOException;
}
