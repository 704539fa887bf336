package org.opentwinj.services.lss.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session on this LSS: its services, its phase and its progress events. Every method is
 * synchronized on the session: the supervisor's threads, the confirm action and the GSS
 * reporter all go through here.
 */
public final class LiveSession {
    /** Events kept for reporting; the GSS keeps its own longer history. */
    static final int EVENT_LIMIT = 500;

    private final String id;
    private final String project;
    private final String user;
    private final String type;
    private final Instant createdAt;
    private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    private final Deque<LssEvent> events = new ArrayDeque<>();
    private final Clock clock;
    private SessionPhase phase = SessionPhase.STARTING;
    private String reason;
    private long lastSeq;
    private boolean broadcastingRun;

    public LiveSession(String id, String project, String user, String type, List<ServiceSlot> slots, Instant createdAt, Clock clock) {
        this.id = id;
        this.project = project;
        this.user = user;
        this.type = type;
        this.createdAt = createdAt;
        this.clock = clock;
        for (ServiceSlot slot : slots) {
            instances.put(slot.name(), new ServiceInstance(slot));
        }
    }

    public String id() {
        return id;
    }

    public String project() {
        return project;
    }

    public String user() {
        return user;
    }

    public String type() {
        return type;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public synchronized SessionPhase phase() {
        return phase;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized List<ServiceInstance> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized Optional<ServiceInstance> instance(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    synchronized void phase(SessionPhase next, String why) {
        phase = next;
        if (why != null) {
            reason = why;
        }
    }

    /** Records an event and returns it. */
    public synchronized LssEvent event(String service, String message) {
        LssEvent event = new LssEvent(++lastSeq, clock.instant(), service, message);
        events.addLast(event);
        while (events.size() > EVENT_LIMIT) {
            events.removeFirst();
        }
        return event;
    }

    /** Events after the given number, oldest first. */
    public synchronized List<LssEvent> eventsAfter(long seq) {
        List<LssEvent> after = new ArrayList<>();
        for (LssEvent event : events) {
            if (event.seq() > seq) {
                after.add(event);
            }
        }
        return after;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Restores the event numbering after an LSS restart, so the GSS does not take new events for old ones. */
    synchronized void continueNumberingAfter(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /**
     * Claims the broadcast of {@code Run}: true once, for the thread that saw the last service
     * become ready, until {@link #runBroadcastDone()}; several services confirming at the same
     * moment must not send {@code Run} several times.
     */
    synchronized boolean claimRunBroadcast() {
        if (broadcastingRun || !allReady() || (phase != SessionPhase.STARTING && phase != SessionPhase.RECOVERING)) {
            return false;
        }
        broadcastingRun = true;
        return true;
    }

    synchronized void runBroadcastDone() {
        broadcastingRun = false;
    }

    /** Whether every service has confirmed. */
    synchronized boolean allReady() {
        return instances.values().stream().allMatch(instance -> instance.state() == InstanceState.READY);
    }
}
