package org.opentwinj.services.gss.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.Participant;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionReport;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.session.StartRequest;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.services.gss.GssConfig;
import org.opentwinj.services.gss.lss.HeartbeatsReceived;
import org.opentwinj.services.gss.lss.LssRecord;
import org.opentwinj.services.gss.lss.LssRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GSS's side of a session's life: open (rights, one session per project, the least
 * loaded LSS), progress reported by the LSS, close, and loss when the LSS goes silent. All
 * state is in the database, so a restarted GSS carries on where it stopped.
 */
public final class SessionLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);
    private static final Duration RETRY_WHEN_NO_LSS = Duration.ofSeconds(5);
    private static final String NONE = "none";
    private static final String OWNER = "owner";

    private final SessionStore store;
    private final ProjectLocks locks;
    private final LssRegistry registry;
    private final HeartbeatsReceived received;
    private final LssCalls lss;
    private final ProjectRights rights;
    private final GssConfig config;
    private final Clock clock;
    private final EventWaiters waiters = new EventWaiters();
    private final List<Consumer<SessionReport>> reportListeners = new CopyOnWriteArrayList<>();

    public SessionLifecycle(
            SessionStore store,
            ProjectLocks locks,
            LssRegistry registry,
            HeartbeatsReceived received,
            LssCalls lss,
            ProjectRights rights,
            GssConfig config,
            Clock clock) {
        this.store = store;
        this.locks = locks;
        this.registry = registry;
        this.received = received;
        this.lss = lss;
        this.rights = rights;
        this.config = config;
        this.clock = clock;
    }

    public SessionStore store() {
        return store;
    }

    /** Adds a listener told every report of the LSS that runs its session (the catalogue keeps the commands it carries). */
    public void onReport(Consumer<SessionReport> listener) {
        reportListeners.add(listener);
    }

    /**
     * Opens a project for the user: checks their rights, takes the project, and hands the
     * session to the least loaded LSS that can run its type.
     *
     * @throws PublicException 403 no access, 404 unknown project, 409 already open, 400 unknown
     *     type, 429 every LSS busy (with Retry-After), 503 no LSS
     */
    public SessionRecord open(String user, String project, String type) {
        if (NONE.equals(rights.access(project, user))) {
            throw PublicException.forbidden("you have no access to project '" + project + "'");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        takeProject(project, id, user, now);
        SessionRecord queued = new SessionRecord(
                id,
                project,
                user,
                List.of(),
                type,
                null,
                null,
                SessionState.QUEUED,
                null,
                now,
                now,
                Map.of(),
                List.of(new SessionEvent(1, now, null, "queued")),
                1,
                0,
                0);
        store.insert(queued);
        try {
            return dispatch(queued);
        } catch (RuntimeException e) {
            try {
                finish(
                        id,
                        SessionState.FAILED,
                        e instanceof PublicException ? e.getMessage() : "could not be started: " + e);
            } catch (RuntimeException notRecorded) {
                // Typically the database that failed the start fails this write too: the caller
                // must hear the first cause, not this one.
                e.addSuppressed(notRecorded);
                LOG.warn("session {} could not be marked failed: {}", id, notRecorded.toString());
            }
            throw e;
        }
    }

    private void takeProject(String project, String session, String user, Instant now) {
        Optional<ProjectLocks.Lock> held = locks.tryLock(project, session, user, now);
        if (held.isEmpty()) {
            return;
        }
        ProjectLocks.Lock lock = held.get();
        boolean stale =
                store.find(lock.session()).map(s -> !s.state().isActive()).orElse(true);
        if (stale) {
            // The holder ended without releasing (e.g. the GSS stopped in between): take over.
            locks.release(project, lock.session());
            if (locks.tryLock(project, session, user, now).isEmpty()) {
                return;
            }
        }
        throw new ProjectInUse(lock.session(), lock.user(), lock.since(), user);
    }

    private SessionRecord dispatch(SessionRecord session) {
        // A database that does not answer fails these reads with a timeout, which the launcher's
        // translator answers as "database unavailable: ...", the real cause, rather than "no LSS".
        Instant now = clock.instant();
        // Liveness as the heartbeat monitor judges it: from the heartbeats received, also those
        // the database could not record.
        List<LssRecord> all = registry.all().stream()
                .map(lss -> received.lastSignOfLife(lss.id(), now)
                        .filter(seen -> seen.isAfter(lss.lastBeat()))
                        .map(lss::withLastBeat)
                        .orElse(lss))
                .toList();
        if (!all.isEmpty() && all.stream().noneMatch(lss -> lss.sessionTypes().contains(session.type()))) {
            // No registered LSS runs it, so retrying would not help: the client's error.
            throw new PublicException(
                    400,
                    "unknown session type '" + session.type() + "': the registered LSSs run "
                            + String.join(
                                    ", ",
                                    all.stream()
                                            .flatMap(lss -> lss.sessionTypes().stream())
                                            .distinct()
                                            .sorted()
                                            .toList()));
        }
        List<LssRecord> candidates =
                LssPicker.candidates(all, session.type(), now, config.heartbeatTimeout(), store::countActiveOn);
        if (candidates.isEmpty()) {
            throw PublicException.unavailable(
                    "no LSS with room for a '" + session.type() + "' session is available ("
                            + LssPicker.whyNone(all, session.type(), now, config.heartbeatTimeout())
                            + "); try again later",
                    RETRY_WHEN_NO_LSS);
        }
        Duration busyFor = null;
        String lastProblem = null;
        for (LssRecord candidate : candidates) {
            store.update(session.id(), s -> assignedTo(s, candidate));
            try {
                lss.start(
                        candidate.url(),
                        new StartRequest(session.id(), session.project(), session.user(), session.type()));
                LOG.info(
                        "session {} of project {} for {} started on LSS {}",
                        session.id(),
                        session.project(),
                        session.user(),
                        candidate.id());
                return store.require(session.id());
            } catch (PeerCallException e) {
                if (e.httpStatus() == 429) {
                    Duration after = e.retryAfter().orElse(RETRY_WHEN_NO_LSS);
                    busyFor = busyFor == null || after.compareTo(busyFor) < 0 ? after : busyFor;
                } else if (e.httpStatus() >= 400 && e.httpStatus() < 500 && e.httpStatus() != 404) {
                    throw new PublicException(e.httpStatus(), e.reason());
                } else {
                    LOG.warn("LSS {} could not take session {}: {}", candidate.id(), session.id(), e.getMessage());
                }
                lastProblem = candidate.id() + ": " + e.reason();
            }
        }
        if (busyFor != null) {
            throw PublicException.tooManyRequests(
                    "every LSS is busy starting sessions; try again in " + busyFor.toSeconds() + " s", busyFor);
        }
        throw PublicException.unavailable(
                "no LSS could start the session (last: " + lastProblem + ")", RETRY_WHEN_NO_LSS);
    }

    private SessionRecord assignedTo(SessionRecord s, LssRecord candidate) {
        return withEvent(
                new SessionRecord(
                        s.id(),
                        s.project(),
                        s.user(),
                        s.participants(),
                        s.type(),
                        candidate.id(),
                        candidate.url(),
                        SessionState.STARTING,
                        s.reason(),
                        s.createdAt(),
                        clock.instant(),
                        s.services(),
                        s.events(),
                        s.lastSeq(),
                        s.lssSeq(),
                        s.version()),
                null,
                "assigned to LSS " + candidate.id());
    }

    /**
     * Merges an LSS's report. A report for a session that ended here already (closed by the
     * user while the LSS was away, or lost) changes nothing.
     *
     * @return the session as stored
     * @throws PublicException 404 unknown session, 409 when another LSS runs it
     */
    public SessionRecord report(SessionReport report) {
        SessionRecord current = store.require(report.session());
        if (!report.lss().equals(current.lss())) {
            throw PublicException.conflict(
                    "session " + report.session() + " is run by LSS " + current.lss() + ", not " + report.lss());
        }
        for (Consumer<SessionReport> listener : reportListeners) {
            listener.accept(report);
        }
        SessionRecord updated = store.update(report.session(), s -> s.state().isActive() ? merged(s, report) : s);
        ended(updated);
        return updated;
    }

    private SessionRecord merged(SessionRecord s, SessionReport report) {
        List<SessionEvent> events = new ArrayList<>(s.events());
        long lastSeq = s.lastSeq();
        long lssSeq = s.lssSeq();
        for (SessionEvent event : report.events()) {
            if (event.seq() > lssSeq) {
                events.add(new SessionEvent(++lastSeq, event.time(), event.service(), event.message()));
                lssSeq = event.seq();
            }
        }
        // A close asked for by the user stands until the LSS says it is done.
        SessionState state =
                s.state() == SessionState.CLOSING && report.state().isActive() ? SessionState.CLOSING : report.state();
        return new SessionRecord(
                s.id(),
                s.project(),
                s.user(),
                s.participants(),
                s.type(),
                s.lss(),
                s.lssUrl(),
                state,
                report.reason() != null ? report.reason() : s.reason(),
                s.createdAt(),
                clock.instant(),
                report.services(),
                trimmed(events),
                lastSeq,
                lssSeq,
                s.version());
    }

    /**
     * Closes a session for everyone in it: asks its LSS to stop it. When the LSS is gone, the
     * session is closed here at once and the LSS stops its services when it returns. Its opener,
     * the project's owner and admins may close it; a participant leaves it instead.
     *
     * @throws PublicException 404 for a user who may not see the session, 403 for one who may see
     *     it but not close it (with what they may do instead)
     */
    public SessionRecord close(String session, String user, boolean admin) {
        SessionRecord current = store.require(session);
        if (!admin && !current.user().equals(user)) {
            String access = accessOrNone(current.project(), user);
            if (!OWNER.equals(access)) {
                if (current.isParticipant(user)) {
                    throw PublicException.forbidden("you joined " + current.user()
                            + "'s session: leave it instead (Session.Leave); only " + current.user()
                            + ", the project's owner or an admin may close it for everyone");
                }
                if (NONE.equals(access)) {
                    throw PublicException.notFound("unknown session '" + session + "'");
                }
                throw PublicException.forbidden("only " + current.user()
                        + " (who opened the session), the project's owner or an admin may close "
                        + current.user() + "'s session");
            }
        }
        if (!current.state().isActive()) {
            return current;
        }
        SessionRecord closing = store.update(
                session,
                s -> s.state().isActive() && s.state() != SessionState.CLOSING
                        ? withEvent(
                                withState(s, SessionState.CLOSING, s.reason()), null, "closing, as " + user + " asked")
                        : s);
        waiters.signal(session);
        if (closing.lssUrl() == null) {
            return finish(session, SessionState.CLOSED, "closed before an LSS took it");
        }
        try {
            lss.stop(closing.lssUrl(), session);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                return finish(session, SessionState.CLOSED, "closed; its LSS no longer knew it");
            }
            if (e.isUnreachable() || e.httpStatus() >= 500) {
                LOG.warn("closing session {}: its LSS {} did not answer: {}", session, closing.lss(), e.getMessage());
                return finish(
                        session,
                        SessionState.CLOSED,
                        "closed; its LSS " + closing.lss() + " did not answer and stops the services when it returns");
            }
            throw new PublicException(502, "the LSS refused to close the session: " + e.reason());
        }
        return store.require(session);
    }

    /** Ends a session here (lost, failed to start, or closed without its LSS) and frees its project. */
    public SessionRecord finish(String session, SessionState state, String reason) {
        SessionRecord ended = store.update(
                session,
                s -> s.state().isActive()
                        ? withEvent(
                                withState(s, state, reason),
                                null,
                                state.name().toLowerCase(Locale.ROOT) + ": " + reason)
                        : s);
        ended(ended);
        return ended;
    }

    /**
     * Its LSS stopped answering and the GSS waits for it: a running session is RECOVERING
     * meanwhile (its services may well still serve), the others keep their state; the reason says
     * why and until when. The project stays taken.
     */
    public SessionRecord awaitLss(String session, String reason) {
        SessionRecord waiting = store.update(
                session,
                s -> s.state().isActive()
                        ? withEvent(
                                withState(
                                        s,
                                        s.state() == SessionState.RUNNING ? SessionState.RECOVERING : s.state(),
                                        reason),
                                null,
                                reason)
                        : s);
        waiters.signal(session);
        return waiting;
    }

    /**
     * Its LSS, waited for, registered again with the session: the waiting reason goes; the
     * LSS's next report (it reports every session after registering) sets the state.
     */
    public SessionRecord lssBack(String session, String message) {
        SessionRecord back = store.update(
                session, s -> s.state().isActive() ? withEvent(withState(s, s.state(), null), null, message) : s);
        waiters.signal(session);
        return back;
    }

    private void ended(SessionRecord session) {
        if (!session.state().isActive()) {
            locks.release(session.project(), session.id());
        }
        waiters.signal(session.id());
    }

    /**
     * The session's events after {@code after}; waits up to {@code wait} for one when there is
     * none yet and the session is still active.
     */
    public SessionRecord events(String session, String user, boolean admin, long after, Duration wait)
            throws InterruptedException {
        SessionRecord current = visible(session, user, admin);
        Instant deadline =
                clock.instant().plus(wait.compareTo(config.maxEventWait()) > 0 ? config.maxEventWait() : wait);
        while (current.lastSeq() <= after && current.state().isActive()) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            waiters.await(session, left);
            current = store.require(session);
        }
        if (!current.state().isActive()) {
            waiters.forget(session);
        }
        return current;
    }

    /**
     * Lets a user into another user's session of a project they may read. Joining one's own
     * session, or one joined already, changes nothing.
     *
     * @throws PublicException 404 unknown session or no access to its project (others learn
     *     nothing about it), 409 when it has ended
     */
    public SessionRecord join(String session, String user) {
        SessionRecord current = store.require(session);
        if (current.isOpenerOrParticipant(user)) {
            return current;
        }
        String access = accessOrNone(current.project(), user);
        if (NONE.equals(access)) {
            throw PublicException.notFound("unknown session '" + session + "'");
        }
        if (!current.state().isActive()) {
            throw PublicException.conflict(current.user() + "'s session " + session + " has ended ("
                    + current.state().name().toLowerCase(Locale.ROOT) + "): open the project instead");
        }
        SessionRecord joined = store.update(session, s -> {
            if (!s.state().isActive() || s.isOpenerOrParticipant(user)) {
                return s;
            }
            List<Participant> participants = new ArrayList<>(s.participants());
            participants.add(new Participant(user, clock.instant()));
            return withEvent(withParticipants(s, participants), null, user + " joined (" + access + " access)");
        });
        if (!joined.isOpenerOrParticipant(user)) {
            throw PublicException.conflict(current.user() + "'s session " + session + " ended while you joined it");
        }
        waiters.signal(session);
        LOG.info("{} joined session {} of project {} ({} access)", user, session, joined.project(), access);
        return joined;
    }

    /**
     * Takes a participant out of a session; it runs on for the others (the relay closes the
     * participant's connections when it next looks the session up).
     *
     * @throws PublicException 409 for its opener (who closes it instead), 404 for anyone else
     *     who is not in it
     */
    public SessionRecord leave(String session, String user, boolean admin) {
        SessionRecord current = visible(session, user, admin);
        if (current.user().equals(user)) {
            throw PublicException.conflict(
                    "you opened session " + session + ": close it (Session.Close) instead of leaving it");
        }
        if (!current.isParticipant(user)) {
            throw PublicException.conflict("you have not joined session " + session);
        }
        SessionRecord left = store.update(
                session,
                s -> s.isParticipant(user)
                        ? withEvent(
                                withParticipants(
                                        s,
                                        s.participants().stream()
                                                .filter(p -> !p.user().equals(user))
                                                .toList()),
                                null,
                                user + " left")
                        : s);
        waiters.signal(session);
        LOG.info("{} left session {} of project {}", user, session, left.project());
        return left;
    }

    /**
     * The sessions of the projects the user may read (all for admins), active ones only,
     * newest first: what a projects list shows as "in use by".
     */
    public List<SessionRecord> visibleSessions(String user, boolean admin, int limit) {
        List<SessionRecord> active = store.listFor(null, true, limit);
        if (admin) {
            return active;
        }
        Map<String, Boolean> readable = new HashMap<>();
        return active.stream()
                .filter(s -> s.isOpenerOrParticipant(user)
                        || readable.computeIfAbsent(s.project(), project -> !NONE.equals(accessOrNone(project, user))))
                .toList();
    }

    /** The user's access to the project; {@code none} also for a project AUTH no longer knows. */
    private String accessOrNone(String project, String user) {
        try {
            return rights.access(project, user);
        } catch (PublicException e) {
            if (e.status() == 404) {
                return NONE;
            }
            throw e;
        }
    }

    /** The session if the user opened or joined it, or is an admin; 404 otherwise, so others learn nothing about it. */
    public SessionRecord visible(String session, String user, boolean admin) {
        SessionRecord record = store.require(session);
        if (!admin && !record.isOpenerOrParticipant(user)) {
            throw PublicException.notFound("unknown session '" + session + "'");
        }
        return record;
    }

    private SessionRecord withParticipants(SessionRecord s, List<Participant> participants) {
        return new SessionRecord(
                s.id(),
                s.project(),
                s.user(),
                participants,
                s.type(),
                s.lss(),
                s.lssUrl(),
                s.state(),
                s.reason(),
                s.createdAt(),
                clock.instant(),
                s.services(),
                s.events(),
                s.lastSeq(),
                s.lssSeq(),
                s.version());
    }

    private SessionRecord withState(SessionRecord s, SessionState state, String reason) {
        return new SessionRecord(
                s.id(),
                s.project(),
                s.user(),
                s.participants(),
                s.type(),
                s.lss(),
                s.lssUrl(),
                state,
                reason,
                s.createdAt(),
                clock.instant(),
                s.services(),
                s.events(),
                s.lastSeq(),
                s.lssSeq(),
                s.version());
    }

    private SessionRecord withEvent(SessionRecord s, String service, String message) {
        List<SessionEvent> events = new ArrayList<>(s.events());
        events.add(new SessionEvent(s.lastSeq() + 1, clock.instant(), service, message));
        return new SessionRecord(
                s.id(),
                s.project(),
                s.user(),
                s.participants(),
                s.type(),
                s.lss(),
                s.lssUrl(),
                s.state(),
                s.reason(),
                s.createdAt(),
                s.updatedAt(),
                s.services(),
                trimmed(events),
                s.lastSeq() + 1,
                s.lssSeq(),
                s.version());
    }

    private List<SessionEvent> trimmed(List<SessionEvent> events) {
        return events.size() <= config.eventLimit()
                ? events
                : List.copyOf(events.subList(events.size() - config.eventLimit(), events.size()));
    }
}
