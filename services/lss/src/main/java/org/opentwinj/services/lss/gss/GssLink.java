package org.opentwinj.services.lss.gss;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.HeartbeatReply;
import org.opentwinj.platform.session.HeartbeatRequest;
import org.opentwinj.platform.session.RegisterReply;
import org.opentwinj.platform.session.RegisterRequest;
import org.opentwinj.platform.session.ReportReply;
import org.opentwinj.platform.session.ServiceStatus;
import org.opentwinj.platform.session.SessionReport;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.SessionObserver;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.store.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSS's side of the GSS protocol: registers (again, whenever the GSS has forgotten it),
 * sends heartbeats listing its sessions, stops the sessions the GSS says are over, and
 * reports every session change. Reports are coalesced per session and retried until the GSS
 * takes them, so a GSS restart loses nothing; they carry the whole picture plus the events
 * not yet acknowledged.
 */
public final class GssLink implements SessionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GssLink.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final ObjectMapper REPLIES =
            Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ServiceClient client;
    private final URI gssUrl;
    private final LssIdentity identity;
    private final SessionStore store;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private volatile SessionSupervisor supervisor;
    private volatile Duration heartbeatInterval = Duration.ofSeconds(2);
    private volatile URI relayUrl;
    private volatile Duration lssGrace = Duration.ofMillis(RegisterReply.DEFAULT_LSS_GRACE_MS);
    private volatile boolean registered;
    private volatile boolean running = true;
    private Thread heartbeats;
    private Thread reporter;

    public GssLink(ServiceClient client, URI gssUrl, LssIdentity identity, SessionStore store) {
        this.client = client;
        this.gssUrl = gssUrl;
        this.identity = identity;
        this.store = store;
    }

    /** Starts registering, beating and reporting for this supervisor's sessions. */
    public void start(SessionSupervisor sessions) {
        this.supervisor = sessions;
        heartbeats = Thread.ofVirtual().name("lss-heartbeats").start(this::beatForever);
        reporter = Thread.ofVirtual().name("lss-reports").start(this::reportForever);
    }

    /** Whether the GSS has accepted this LSS (readiness). */
    public boolean isRegistered() {
        return registered;
    }

    /**
     * How long the GSS waits for this LSS when it falls silent (as the GSS said at the last
     * registration; its default before that): the session services it starts stop by themselves
     * after as long without it.
     */
    public Duration lssGrace() {
        return lssGrace;
    }

    /** The relay the GSS named, for {@code Run}; null when none is configured. */
    public URI relayUrl() {
        return relayUrl;
    }

    @Override
    public void changed(LiveSession session) {
        try {
            LiveSession.Snapshot now = session.snapshot(Long.MAX_VALUE);
            if (now.state().isEnded()) {
                store.delete(session.id());
            } else {
                store.save(now);
            }
        } catch (RuntimeException e) {
            LOG.error("could not save session {}; a restarted LSS may not find it again", session.id(), e);
        }
        synchronized (dirty) {
            dirty.add(session.id());
            dirty.notifyAll();
        }
    }

    private void beatForever() {
        int failures = 0;
        while (running) {
            try {
                if (!registered) {
                    register();
                } else {
                    beat();
                }
                failures = 0;
            } catch (PeerCallException e) {
                if (e.httpStatus() == 404 && registered) {
                    LOG.warn("the GSS no longer knows this LSS; registering again");
                    registered = false;
                    continue;
                }
                // Say it the first time and then now and again, not on every beat.
                if (failures++ % 30 == 0) {
                    LOG.warn("the GSS at {} cannot be reached: {}", gssUrl, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("heartbeat to the GSS failed", e);
            }
            pause(registered ? heartbeatInterval : RETRY);
        }
    }

    private void register() {
        RegisterReply reply = read(
                client.callIdempotent(
                        gssUrl,
                        ActionNames.LSS_REGISTER,
                        new RegisterRequest(
                                identity.id(),
                                identity.url(),
                                identity.capacity(),
                                identity.sessionTypes(),
                                supervisor.activeSessionIds())),
                RegisterReply.class);
        heartbeatInterval = Duration.ofMillis(Math.max(100, reply.heartbeatIntervalMs()));
        relayUrl = reply.relayUrl();
        lssGrace = Duration.ofMillis(reply.lssGraceOrDefaultMs());
        registered = true;
        LOG.info(
                "registered at the GSS {} as {} (heartbeat every {} ms, relay {})",
                gssUrl,
                identity.id(),
                heartbeatInterval.toMillis(),
                relayUrl);
        drop(reply.drop());
        // The GSS may have waited for this LSS (it restarted, or its heartbeats did not arrive)
        // and moved its sessions meanwhile: report every one afresh, after the registration.
        synchronized (dirty) {
            dirty.addAll(supervisor.activeSessionIds());
            dirty.notifyAll();
        }
    }

    private void beat() {
        HeartbeatReply reply = read(
                client.call(
                        gssUrl,
                        ActionNames.LSS_HEARTBEAT,
                        new HeartbeatRequest(identity.id(), supervisor.activeSessionIds())),
                HeartbeatReply.class);
        drop(reply.drop());
    }

    /**
     * Reads a reply of the GSS into its contract record; fields this LSS does not know are
     * ignored, so that a newer GSS may add some during a rolling update.
     */
    private static <T> T read(JsonNode reply, Class<T> type) {
        try {
            return REPLIES.treeToValue(reply, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the GSS answered what is not a " + type.getSimpleName() + ": " + reply, e);
        }
    }

    private void drop(List<String> sessions) {
        for (String id : sessions) {
            supervisor.find(id).filter(s -> !s.phase().isEnded()).ifPresent(session -> {
                LOG.info("the GSS ended session {}; stopping its services", session.id());
                supervisor.stop(session.id(), "the GSS ended it");
            });
        }
    }

    private void reportForever() {
        while (running) {
            String id;
            synchronized (dirty) {
                while (dirty.isEmpty() && running) {
                    try {
                        dirty.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                id = dirty.iterator().next();
                dirty.remove(id);
            }
            Optional<LiveSession> session = supervisor.find(id);
            boolean delivered;
            try {
                delivered = session.isEmpty() || report(session.get());
            } catch (RuntimeException e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    // Closing: the interrupt ended the call; flush() has said what is left unreported.
                    return;
                }
                LOG.error("reporting session {} failed; trying again", id, e);
                delivered = false;
            }
            if (!delivered) {
                synchronized (dirty) {
                    dirty.add(id);
                }
                pause(RETRY);
            }
        }
    }

    /** @return false when the report should be tried again later */
    private boolean report(LiveSession session) {
        long acked = acknowledged.getOrDefault(session.id(), 0L);
        LiveSession.Snapshot now = session.snapshot(acked);
        long newest = now.events().isEmpty() ? acked : now.events().getLast().seq();
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        for (LiveSession.ServiceSnapshot service : now.services()) {
            services.put(service.name(), new ServiceStatus(service.url(), service.state()));
        }
        SessionReport report = new SessionReport(
                identity.id(),
                now.id(),
                now.state(),
                now.reason(),
                services,
                now.events(),
                now.commands().isEmpty() ? null : now.commands());
        try {
            ReportReply reply =
                    read(client.callIdempotent(gssUrl, ActionNames.SESSION_REPORT, report), ReportReply.class);
            acknowledged.put(session.id(), newest);
            if (reply.drop()) {
                endedByGss(session);
            }
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404 || e.httpStatus() == 409) {
                LOG.warn("the GSS refused the report of session {} ({}); stopping it", session.id(), e.reason());
                // The GSS wants nothing more of this session: count its events as delivered.
                acknowledged.put(session.id(), session.lastSeq());
                endedByGss(session);
            } else {
                LOG.debug("report of session {} not delivered: {}", session.id(), e.getMessage());
                return false;
            }
        }
        if (session.phase().isEnded() && session.lastSeq() <= acknowledged.getOrDefault(session.id(), 0L)) {
            supervisor.forget(session.id());
            acknowledged.remove(session.id());
        }
        return true;
    }

    private void endedByGss(LiveSession session) {
        if (!session.phase().isEnded()) {
            supervisor.stop(session.id(), "the GSS ended it");
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Sends what is still unreported (best effort, within the budget), then stops. */
    public void flush(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (dirty) {
                if (dirty.isEmpty()) {
                    return;
                }
            }
            pause(Duration.ofMillis(50));
        }
        LOG.warn("some session reports did not reach the GSS before the LSS stopped");
    }

    @Override
    public void close() {
        running = false;
        synchronized (dirty) {
            dirty.notifyAll();
        }
        if (heartbeats != null) {
            heartbeats.interrupt();
        }
        if (reporter != null) {
            reporter.interrupt();
        }
    }
}
