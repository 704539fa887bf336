package org.opentwinj.services.model.diff;

import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which entities two versions' states add, remove and change (a changed entity has another
 * entity version), each set sorted by id. The ids alone: {@link Differ} adds the fields.
 */
public record IdChanges(SortedSet<String> added, SortedSet<String> removed, SortedSet<String> changed) {
    public IdChanges {
        added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
        removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
        changed = Collections.unmodifiableSortedSet(new TreeSet<>(changed));
    }

    /**
     * @param a the state at the first version: entity id to entity version
     * @param b the state at the second
     */
    public static IdChanges between(Map<String, Long> a, Map<String, Long> b) {
        SortedSet<String> added = new TreeSet<>(b.keySet());
        added.removeAll(a.keySet());
        SortedSet<String> removed = new TreeSet<>(a.keySet());
        removed.removeAll(b.keySet());
        SortedSet<String> changed = new TreeSet<>();
        a.forEach((id, version) -> {
            if (b.containsKey(id) && !b.get(id).equals(version)) {
                changed.add(id);
            }
        });
        return new IdChanges(added, removed, changed);
    }
}
