package org.opentwinj.services.model.version;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One model version: the state document a save writes last. A full state lists every entity
 * with its version; a delta lists only what changed since its parent (put and deleted), and
 * is resolved through its parents down to the nearest full state.
 *
 * @param version  its number, from 1
 * @param parent   the version it was saved on, or null for the first
 * @param full     whether {@code entities} is the whole model (else the changes)
 * @param entities entity id to entity version: all of them (full) or those put by this save (delta)
 * @param deleted  entity ids deleted by this save (delta; empty for a full state)
 * @param chain    deltas since the nearest full state (0 for a full state)
 * @param author   who saved it (a user, or a session service)
 * @param message  what the save was for
 * @param time     when it was saved
 * @param saveId   the save that wrote it
 * @param size     how many entities the model has at this version
 * @param changed  how many entities this save put or deleted
 */
public record ModelVersion(
        long version,
        Long parent,
        boolean full,
        Map<String, Long> entities,
        List<String> deleted,
        int chain,
        String author,
        String message,
        Instant time,
        String saveId,
        int size,
        int changed) {
    public ModelVersion {
        entities = Map.copyOf(entities);
        deleted = List.copyOf(deleted);
    }
}
