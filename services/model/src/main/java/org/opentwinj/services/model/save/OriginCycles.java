package org.opentwinj.services.model.save;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityStore;

/**
 * The save's check that no entity is made from itself, directly or through others: origins
 * ({@code origin.inputs}) across the saved puts and the entities the model keeps. A cycle would
 * make every parametric update through it impossible, so it is refused at the save that closes
 * it rather than found at the next property edit.
 *
 * <p>A new cycle passes through a put (stored entities' origins did not change), so the search
 * starts at the puts and reads only the stored entities it reaches, a batch per step.
 */
final class OriginCycles {
    /** A long cycle's reason names its first and last entities only. */
    private static final int SHOWN_FIRST = 8;

    private static final int SHOWN_LAST = 3;

    private OriginCycles() {}

    /**
     * @param puts   the save's puts by id
     * @param after  the model after the save: entity id to version (-1 for the puts)
     * @throws PublicException 400 naming the cycle by entity ids, as "origin cycle: a -> b -> a"
     *     (a is made from b, b from a)
     */
    static void check(Map<String, EntityPut> puts, Map<String, Long> after, EntityStore store) {
        Map<String, List<String>> inputs = new HashMap<>();
        puts.forEach((id, put) -> inputs.put(id, inputsOf(put.origin())));
        check(puts.keySet(), inputs, reached -> storedInputs(reached, after, store));
    }

    /**
     * The search, apart from the store: a depth-first walk along the inputs from every start.
     *
     * @param starts the entities whose origins changed
     * @param known  the inputs of entities already read (the puts'); filled in as the walk goes
     * @param read   the inputs of stored entities, for ids not in {@code known} (absent ones have none)
     */
    static void check(
            Collection<String> starts,
            Map<String, List<String>> known,
            Function<Collection<String>, Map<String, List<String>>> read) {
        // The inputs of every entity reachable from the starts, read level by level.
        Set<String> frontier = new HashSet<>(starts);
        while (!frontier.isEmpty()) {
            Set<String> next = new HashSet<>();
            List<String> unread = new ArrayList<>();
            for (String id : frontier) {
                if (!known.containsKey(id)) {
                    unread.add(id);
                }
            }
            if (!unread.isEmpty()) {
                Map<String, List<String>> stored = read.apply(unread);
                for (String id : unread) {
                    known.put(id, stored.getOrDefault(id, List.of()));
                }
            }
            for (String id : frontier) {
                for (String input : known.get(id)) {
                    if (!known.containsKey(input)) {
                        next.add(input);
                    }
                }
            }
            frontier = next;
        }
        Set<String> done = new HashSet<>();
        for (String start : starts.stream().sorted().toList()) {
            List<String> cycle = walk(start, known, done);
            if (cycle != null) {
                throw new PublicException("origin cycle: " + text(cycle)
                        + " (an entity cannot be made from itself, directly or through others)");
            }
        }
    }

    /** The cycle as "a -> b -> a"; a long one with its middle left out, so the reason stays short. */
    static String text(List<String> cycle) {
        if (cycle.size() <= SHOWN_FIRST + SHOWN_LAST + 1) {
            return String.join(" -> ", cycle);
        }
        int more = cycle.size() - SHOWN_FIRST - SHOWN_LAST;
        return String.join(" -> ", cycle.subList(0, SHOWN_FIRST)) + " -> ... (" + more + " more) -> "
                + String.join(" -> ", cycle.subList(cycle.size() - SHOWN_LAST, cycle.size()));
    }

    /**
     * Depth-first from {@code start}, without recursion (an origin chain may be long); the cycle
     * found (its first id repeated at its end), or null. {@code done} holds entities already
     * known to lead to no cycle.
     */
    private static List<String> walk(String start, Map<String, List<String>> inputs, Set<String> done) {
        if (done.contains(start)) {
            return null;
        }
        List<String> path = new ArrayList<>(List.of(start));
        List<Integer> nextInput = new ArrayList<>(List.of(0));
        Set<String> onPath = new HashSet<>(path);
        while (!path.isEmpty()) {
            int top = path.size() - 1;
            List<String> from = inputs.getOrDefault(path.get(top), List.of());
            int index = nextInput.get(top);
            if (index == from.size()) {
                onPath.remove(path.get(top));
                done.add(path.removeLast());
                nextInput.removeLast();
                continue;
            }
            nextInput.set(top, index + 1);
            String input = from.get(index);
            if (onPath.contains(input)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(input), path.size()));
                cycle.add(input);
                return cycle;
            }
            if (!done.contains(input)) {
                path.add(input);
                nextInput.add(0);
                onPath.add(input);
            }
        }
        return null;
    }

    private static Map<String, List<String>> storedInputs(
            Collection<String> ids, Map<String, Long> after, EntityStore store) {
        List<String> keys = ids.stream()
                .filter(id -> after.getOrDefault(id, -1L) > 0)
                .map(id -> Entity.key(id, after.get(id)))
                .toList();
        Map<String, List<String>> inputs = new HashMap<>();
        if (!keys.isEmpty()) {
            store.find(keys).values().forEach(entity -> inputs.put(entity.id(), inputsOf(entity.origin())));
        }
        return inputs;
    }

    private static List<String> inputsOf(EntityOrigin origin) {
        return origin == null || origin.inputs() == null ? List.of() : origin.inputs();
    }
}
