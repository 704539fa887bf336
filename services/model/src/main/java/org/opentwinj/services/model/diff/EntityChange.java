package org.opentwinj.services.model.diff;

import java.util.List;

/**
 * An entity that differs between two versions.
 *
 * @param id         the entity's id
 * @param name       its name (in the newer version; in the older one when it was removed)
 * @param type       its type, as on the wire
 * @param change     {@code added}, {@code removed} or {@code changed}
 * @param fields     for a changed entity, the fields that differ (empty when it was saved again unchanged)
 * @param moreFields how many further fields differ that the answer's bound left out
 */
public record EntityChange(
        String id, String name, String type, String change, List<FieldChange> fields, int moreFields) {
    public EntityChange {
        fields = List.copyOf(fields);
    }
}
