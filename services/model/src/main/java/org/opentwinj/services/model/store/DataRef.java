package org.opentwinj.services.model.store;

/**
 * Where an entity's binary payload is: in the entity document itself (small) or in GridFS.
 *
 * @param size     its size in bytes
 * @param sha256   its SHA-256, hex, so that a reader can check what it got
 * @param gridFsId the GridFS file id (hex), or null when the payload is inline
 * @param inline   the payload, or null when it is in GridFS
 */
public record DataRef(long size, String sha256, String gridFsId, byte[] inline) {
    public boolean isInline() {
        return inline != null;
    }
}
