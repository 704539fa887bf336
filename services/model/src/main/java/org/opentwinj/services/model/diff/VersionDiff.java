package org.opentwinj.services.model.diff;

import java.util.List;

/**
 * What differs between two model versions, as {@code Model.Diff} answers it.
 *
 * @param from      the version compared from (any version, also on another branch)
 * @param to        the version compared to
 * @param added     ids of the entities only in {@code to}, complete
 * @param removed   ids of the entities only in {@code from}, complete
 * @param changed   ids of the entities in both in another entity version, complete
 * @param entities  the details: changed entities with their differing fields, then the added and
 *                  the removed ones, each group by name; bounded (see {@link Differ})
 * @param truncated whether the bounds left details out (entities, or fields of one)
 */
public record VersionDiff(
        long from,
        long to,
        List<String> added,
        List<String> removed,
        List<String> changed,
        List<EntityChange> entities,
        boolean truncated) {
    public VersionDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        entities = List.copyOf(entities);
    }
}
