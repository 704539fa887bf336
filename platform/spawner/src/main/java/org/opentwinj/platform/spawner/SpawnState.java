package org.opentwinj.platform.spawner;

import java.util.Map;

/**
 * Opaque, JSON-friendly state of a spawned service: the spawner that wrote it and its own
 * keys (a pid and start time for processes; a pod name and uid for Kubernetes).
 *
 * @param spawner the {@link Spawner#name()} that wrote it
 * @param values  the spawner's keys
 */
public record SpawnState(String spawner, Map<String, String> values) {
    public SpawnState {
        values = Map.copyOf(values);
    }
}
