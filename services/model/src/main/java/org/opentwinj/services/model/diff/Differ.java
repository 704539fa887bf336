package org.opentwinj.services.model.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opentwinj.platform.json.Json;
import org.opentwinj.services.model.store.DataRef;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityStore;

/**
 * Compares two model versions entity by entity and, for the entities that changed, field by
 * field: name, type, parent, refs, payload and each property (nested objects key by key, up to
 * {@link #MAX_DEPTH} levels; arrays and deeper values as a whole).
 *
 * <p>The answer is bounded whatever the models hold: the id lists are complete, but at most
 * {@link #MAX_ENTITIES} entities get details and at most {@link #MAX_FIELDS} field changes are
 * listed in all; every value is shown whole only up to {@link ValueView#MAX_VALUE_CHARS}
 * characters of JSON (else summarised), a field's path up to {@link #MAX_FIELD_CHARS}
 * characters. What the bounds leave out is counted ({@code moreFields}) or flagged
 * ({@code truncated}), never silently dropped.
 */
public final class Differ {
    /** The most entities described in detail. */
    public static final int MAX_ENTITIES = 500;
    /** The most field changes listed, over all entities. */
    public static final int MAX_FIELDS = 500;
    /** How deep nested property objects are compared key by key. */
    public static final int MAX_DEPTH = 4;
    /** The longest field path shown (a longer one ends in "…"). */
    public static final int MAX_FIELD_CHARS = 120;

    private final EntityStore entities;

    public Differ(EntityStore entities) {
        this.entities = entities;
    }

    /**
     * @param a the model at {@code from}: entity id to entity version
     * @param b the model at {@code to}
     */
    public VersionDiff compare(long from, Map<String, Long> a, long to, Map<String, Long> b) {
        IdChanges ids = IdChanges.between(a, b);
        Set<String> added = ids.added();
        Set<String> removed = ids.removed();
        Set<String> changed = ids.changed();

        List<String> detailedChanged = first(changed, MAX_ENTITIES);
        List<String> detailedAdded = first(added, MAX_ENTITIES - detailedChanged.size());
        List<String> detailedRemoved = first(removed, MAX_ENTITIES - detailedChanged.size() - detailedAdded.size());
        boolean truncated = detailedChanged.size() + detailedAdded.size() + detailedRemoved.size()
                < changed.size() + added.size() + removed.size();

        List<String> keys = new ArrayList<>();
        detailedChanged.forEach(id -> {
            keys.add(Entity.key(id, a.get(id)));
            keys.add(Entity.key(id, b.get(id)));
        });
        detailedAdded.forEach(id -> keys.add(Entity.key(id, b.get(id))));
        detailedRemoved.forEach(id -> keys.add(Entity.key(id, a.get(id))));
        Map<String, Entity> found = entities.find(keys);
        Map<String, String> parentNames = parentNames(detailedChanged, a, b, found);

        Budget budget = new Budget();
        List<EntityChange> details = new ArrayList<>();
        List<EntityChange> changes = new ArrayList<>();
        for (String id : detailedChanged) {
            Entity before = found.get(Entity.key(id, a.get(id)));
            Entity after = found.get(Entity.key(id, b.get(id)));
            if (before == null || after == null) {
                throw new IllegalStateException("entity " + id + " is listed by versions " + from + " and " + to
                        + " but one of its versions is missing");
            }
            changes.add(fields(before, after, a, b, parentNames, budget));
        }
        details.addAll(byName(changes));
        details.addAll(byName(whole(detailedAdded, b, found, "added")));
        details.addAll(byName(whole(detailedRemoved, a, found, "removed")));
        return new VersionDiff(
                from,
                to,
                List.copyOf(added),
                List.copyOf(removed),
                List.copyOf(changed),
                details,
                truncated || budget.leftOut > 0);
    }

    private static List<String> first(Collection<String> ids, int most) {
        return ids.stream().limit(Math.max(0, most)).toList();
    }

    private static List<EntityChange> byName(List<EntityChange> changes) {
        return changes.stream()
                .sorted(Comparator.comparing(EntityChange::name).thenComparing(EntityChange::id))
                .toList();
    }

    private static List<EntityChange> whole(
            List<String> ids, Map<String, Long> model, Map<String, Entity> found, String change) {
        List<EntityChange> out = new ArrayList<>();
        for (String id : ids) {
            Entity e = found.get(Entity.key(id, model.get(id)));
            if (e == null) {
                throw new IllegalStateException("entity version " + Entity.key(id, model.get(id)) + " is missing");
            }
            out.add(new EntityChange(id, e.name(), e.type().label(), change, List.of(), 0));
        }
        return out;
    }

    /** The names of the parents a changed entity moved between, each at its own version. */
    private Map<String, String> parentNames(
            List<String> changedIds, Map<String, Long> a, Map<String, Long> b, Map<String, Entity> found) {
        Set<String> keys = new LinkedHashSet<>();
        for (String id : changedIds) {
            Entity before = found.get(Entity.key(id, a.get(id)));
            Entity after = found.get(Entity.key(id, b.get(id)));
            if (before == null || after == null || Objects.equals(before.parent(), after.parent())) {
                continue;
            }
            if (before.parent() != null && a.containsKey(before.parent())) {
                keys.add(Entity.key(before.parent(), a.get(before.parent())));
            }
            if (after.parent() != null && b.containsKey(after.parent())) {
                keys.add(Entity.key(after.parent(), b.get(after.parent())));
            }
        }
        Map<String, String> names = new HashMap<>();
        if (!keys.isEmpty()) {
            entities.find(keys).forEach((key, e) -> names.put(key, e.name()));
        }
        return names;
    }

    private static EntityChange fields(
            Entity before,
            Entity after,
            Map<String, Long> a,
            Map<String, Long> b,
            Map<String, String> parentNames,
            Budget budget) {
        Fields out = new Fields(budget);
        if (!before.name().equals(after.name())) {
            out.add(new FieldChange("name", ValueView.of(text(before.name())), ValueView.of(text(after.name()))));
        }
        if (before.type() != after.type()) {
            out.add(new FieldChange(
                    "type",
                    ValueView.of(text(before.type().label())),
                    ValueView.of(text(after.type().label()))));
        }
        if (!Objects.equals(before.parent(), after.parent())) {
            out.add(new FieldChange("parent", parent(before, a, parentNames), parent(after, b, parentNames)));
        }
        if (!before.refs().equals(after.refs())) {
            out.add(new FieldChange(
                    "refs",
                    ValueView.of(Json.mapper().valueToTree(before.refs())),
                    ValueView.of(Json.mapper().valueToTree(after.refs()))));
        }
        if (!sameData(before.data(), after.data())) {
            out.add(new FieldChange("data", data(before.data()), data(after.data())));
        }
        if (!Objects.equals(before.origin(), after.origin())) {
            out.add(new FieldChange("origin", typing(before.origin()), typing(after.origin())));
        }
        if (!before.propertyTypes().equals(after.propertyTypes())) {
            out.add(new FieldChange(
                    "propertyTypes",
                    typing(before.propertyTypes().isEmpty() ? null : before.propertyTypes()),
                    typing(after.propertyTypes().isEmpty() ? null : after.propertyTypes())));
        }
        properties("properties", before.properties(), after.properties(), 0, out);
        return new EntityChange(after.id(), after.name(), after.type().label(), "changed", out.listed, out.leftOut);
    }

    /** An origin or the property types as a value, or absent (null) when the entity has none. */
    private static ValueView typing(Object value) {
        return value == null ? null : ValueView.of(Json.mapper().valueToTree(value));
    }

    private static void properties(String path, JsonNode before, JsonNode after, int depth, Fields out) {
        if (before != null && after != null && before.isObject() && after.isObject() && depth < MAX_DEPTH) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                properties(path + "." + key, before.get(key), after.get(key), depth + 1, out);
            }
            return;
        }
        if (Objects.equals(before, after)) {
            return;
        }
        out.add(new FieldChange(
                path.length() <= MAX_FIELD_CHARS ? path : path.substring(0, MAX_FIELD_CHARS - 1) + "…",
                before == null ? null : ValueView.of(before),
                after == null ? null : ValueView.of(after)));
    }

    /** The parent's id, with its name as it was at that side's version. */
    private static ValueView parent(Entity e, Map<String, Long> model, Map<String, String> parentNames) {
        if (e.parent() == null) {
            return null;
        }
        Long version = model.get(e.parent());
        return ValueView.ofEntity(
                e.parent(), version == null ? null : parentNames.get(Entity.key(e.parent(), version)));
    }

    private static boolean sameData(DataRef a, DataRef b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.size() == b.size() && Objects.equals(a.sha256(), b.sha256());
    }

    private static ValueView data(DataRef data) {
        return data == null
                ? null
                : ValueView.summarised(ValueView.count(data.size()) + " bytes (SHA-256 "
                        + data.sha256().substring(0, Math.min(12, data.sha256().length())) + "…)");
    }

    private static JsonNode text(String value) {
        return Json.mapper().getNodeFactory().textNode(value);
    }

    /** How many field changes the answer may still list. */
    private static final class Budget {
        int left = MAX_FIELDS;
        int leftOut;
    }

    /** One entity's field changes, within the answer's budget. */
    private static final class Fields {
        final Budget budget;
        final List<FieldChange> listed = new ArrayList<>();
        int leftOut;

        Fields(Budget budget) {
            this.budget = budget;
        }

        void add(FieldChange change) {
            if (budget.left > 0) {
                budget.left--;
                listed.add(change);
            } else {
                leftOut++;
                budget.leftOut++;
            }
        }
    }
}
