package org.opentwinj.bench.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Splits a session's open-to-ready time into {@link Phase}s, from the events the GSS and the
 * LSS recorded for it (their times come from the same machine's clock as the client's). Pure
 * and unit tested against the messages SessionLifecycle and SessionSupervisor write.
 */
final class Timeline {
    /** One session event as {@code Session.Events} returns it. */
    record Event(long seq, Instant time, String service, String message) {
        static Event of(JsonNode node) {
            JsonNode time = node.path("time");
            Instant at = time.isNumber()
                    ? Instant.ofEpochMilli((long) (time.asDouble() * 1000))
                    : Instant.parse(time.asText());
            String service = node.hasNonNull("service") ? node.path("service").asText() : null;
            return new Event(
                    node.path("seq").asLong(), at, service, node.path("message").asText(""));
        }
    }

    private Timeline() {}

    /**
     * @param sent   when the client sent {@code Session.New}
     * @param seen   when the client saw RUNNING
     * @param events the session's events up to then
     * @return the phases in nanoseconds, or empty when an expected event is missing
     */
    static Optional<Map<Phase, Long>> sessionPhases(Instant sent, Instant seen, List<Event> events) {
        Optional<Instant> queued =
                first(events, e -> e.service() == null && e.message().equals("queued"));
        Optional<Instant> accepted = first(events, e -> e.message().startsWith("accepted by this LSS"));
        Optional<Instant> running =
                first(events, e -> e.service() == null && e.message().equals("running"));
        Map<String, Instant> started = processStarted(events);
        Map<String, Instant> ready = serviceReady(events);
        if (queued.isEmpty()
                || accepted.isEmpty()
                || running.isEmpty()
                || started.isEmpty()
                || ready.size() != started.size()) {
            return Optional.empty();
        }
        Instant lastStarted = latest(started.values());
        Instant lastReady = latest(ready.values());
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        phases.put(Phase.REQUEST, nanos(sent, queued.get()));
        phases.put(Phase.DISPATCH, nanos(queued.get(), accepted.get()));
        phases.put(Phase.LAUNCH, nanos(accepted.get(), lastStarted));
        phases.put(Phase.BOOT, nanos(lastStarted, lastReady));
        phases.put(Phase.RUN, nanos(lastReady, running.get()));
        phases.put(Phase.OBSERVE, nanos(running.get(), seen));
        return Optional.of(phases);
    }

    /** The phases of a direct start: until the last process was forked, then until the last answered. */
    static Map<Phase, Long> directPhases(Instant sent, Instant lastSpawned, Instant lastReady) {
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        phases.put(Phase.LAUNCH, nanos(sent, lastSpawned));
        phases.put(Phase.BOOT, nanos(lastSpawned, lastReady));
        return phases;
    }

    /** Per service: when the LSS had its process running ("echo-1: process 123 started"). */
    static Map<String, Instant> processStarted(List<Event> events) {
        Map<String, Instant> started = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.service() != null
                    && e.message().startsWith(e.service() + ": process ")
                    && e.message().endsWith(" started")) {
                started.putIfAbsent(e.service(), e.time());
            }
        }
        return started;
    }

    /** Per service: when the LSS had its {@code Service.Confirm} ("echo-1 ready (3.1 s)"). */
    static Map<String, Instant> serviceReady(List<Event> events) {
        Map<String, Instant> ready = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.service() != null && e.message().startsWith(e.service() + " ready (")) {
                ready.putIfAbsent(e.service(), e.time());
            }
        }
        return ready;
    }

    /** The reason of a session that ended: the last event's message. */
    static String lastMessage(List<Event> events) {
        return events.isEmpty() ? "no events" : events.getLast().message();
    }

    private static Optional<Instant> first(List<Event> events, Predicate<Event> test) {
        return events.stream().filter(test).map(Event::time).findFirst();
    }

    static Instant latest(Collection<Instant> instants) {
        return instants.stream().max(Instant::compareTo).orElseThrow();
    }

    static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }

    /** Events parsed from a {@code Session.*} reply's {@code events} array. */
    static List<Event> events(JsonNode array) {
        List<Event> events = new ArrayList<>();
        for (JsonNode node : array) {
            events.add(Event.of(node));
        }
        return events;
    }
}
