package org.opentwinj.services.model.version;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;

/**
 * Turns a version number into the whole model at that version (entity id to entity version):
 * a full state as it is, a delta by applying the deltas down from the nearest full state.
 * Recently resolved versions are kept, so resolving the next one costs one delta.
 */
public final class VersionResolver {
    private final StateStore states;
    private final Map<Long, Map<String, Long>> cache;

    /** @param cached how many resolved versions to keep */
    public VersionResolver(StateStore states, int cached) {
        this.states = states;
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Map<String, Long>> eldest) {
                return size() > cached;
            }
        });
    }

    /** Forgets every resolved version (the project was emptied: its numbers will be used again). */
    public void clear() {
        cache.clear();
    }

    /**
     * @return entity id to entity version, unmodifiable
     * @throws PublicException 404 for a version that does not exist
     */
    public Map<String, Long> resolve(long version) {
        Map<String, Long> known = cache.get(version);
        if (known != null) {
            return known;
        }
        Deque<ModelVersion> deltas = new ArrayDeque<>();
        Map<String, Long> base = null;
        long next = version;
        while (base == null) {
            Map<String, Long> cached = cache.get(next);
            if (cached != null) {
                base = cached;
                break;
            }
            long wanted = next;
            ModelVersion state = states.find(wanted)
                    .orElseThrow(() -> wanted == version
                            ? PublicException.notFound("no version " + version + " in this model")
                            : new IllegalStateException(
                                    "version " + version + " refers to version " + wanted + ", which is missing"));
            if (state.full()) {
                base = state.entities();
            } else {
                deltas.push(state);
                next = state.parent();
            }
        }
        Map<String, Long> model = new HashMap<>(base);
        while (!deltas.isEmpty()) {
            ModelVersion delta = deltas.pop();
            delta.deleted().forEach(model::remove);
            model.putAll(delta.entities());
        }
        Map<String, Long> resolved = Collections.unmodifiableMap(model);
        cache.put(version, resolved);
        return resolved;
    }
}
