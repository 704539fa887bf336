package org.opentwinj.services.model.rerun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;

/**
 * The order in which a parametric update rebuilds entities: the edited one, then every entity
 * made from it (its origin's inputs), directly or through others, each after all of its inputs
 * that are rebuilt too. Pure: it sees only who was made from whom.
 */
public final class DependencyOrder {
    private DependencyOrder() {}

    /**
     * @param inputs the origin inputs of every entity that has an origin (id to the ids it was made from)
     * @param start  the edited entity
     * @param names  an entity's name by id, for the cycle's message
     * @return the ids to rebuild, {@code start} first; among entities ready together, by name then id
     * @throws PublicException 409 naming the entities of a cycle among them
     */
    public static List<String> of(Map<String, List<String>> inputs, String start, Function<String, String> names) {
        Map<String, List<String>> madeFrom = new HashMap<>();
        inputs.forEach((id, from) -> from.forEach(
                input -> madeFrom.computeIfAbsent(input, k -> new ArrayList<>()).add(id)));
        Set<String> affected = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (affected.add(id)) {
                todo.addAll(madeFrom.getOrDefault(id, List.of()));
            }
        }
        Map<String, Integer> waiting = new HashMap<>();
        for (String id : affected) {
            waiting.put(id, (int) inputs.getOrDefault(id, List.of()).stream()
                    .distinct()
                    .filter(affected::contains)
                    .count());
        }
        Comparator<String> byName = Comparator.comparing((String id) -> String.valueOf(names.apply(id)))
                .thenComparing(Comparator.naturalOrder());
        PriorityQueue<String> ready = new PriorityQueue<>(byName);
        if (waiting.get(start) == 0) {
            ready.add(start);
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String next : new LinkedHashSet<>(madeFrom.getOrDefault(id, List.of()))) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (order.size() < affected.size()) {
            throw PublicException.conflict("the entities form a cycle, so none can be brought up to date: "
                    + cycle(inputs, affected, new HashSet<>(order), names));
        }
        return order;
    }

    /** One cycle among the entities left unordered, as "'A' is made from 'B', 'B' from 'A'". */
    private static String cycle(
            Map<String, List<String>> inputs,
            Set<String> affected,
            Set<String> ordered,
            Function<String, String> names) {
        String at = affected.stream()
                .filter(id -> !ordered.contains(id))
                .findFirst()
                .orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        while (!seenAt.containsKey(at)) {
            seenAt.put(at, path.size());
            path.add(at);
            at = inputs.getOrDefault(at, List.of()).stream()
                    .filter(input -> affected.contains(input) && !ordered.contains(input))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(seenAt.get(at), path.size()));
        loop.add(at);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < loop.size(); i++) {
            text.append(i == 0 ? "" : ", ")
                    .append("'")
                    .append(names.apply(loop.get(i)))
                    .append("'")
                    .append(i == 0 ? " is made from '" : " from '")
                    .append(names.apply(loop.get(i + 1)))
                    .append("'");
        }
        return text.toString();
    }
}
