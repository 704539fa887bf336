package org.opentwinj.services.gss.session;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.Participant;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.ServiceStatus;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;

/**
 * The {@code gss_sessions} collection: one document per session. Every change is a
 * read-modify-write guarded by the document's version, so two writers (a report from the
 * LSS and a close from the user, or two GSS replicas) never lose each other's update; no
 * transaction is needed.
 */
public final class SessionStore {
    public static final String COLLECTION = "gss_sessions";
    private static final int MAX_ATTEMPTS = 20;
    /** The active states as stored, for queries. */
    private static final List<String> ACTIVE_NAMES =
            SessionState.active().stream().map(Enum::name).toList();

    private final MongoCollection<Document> sessions;

    public SessionStore(MongoDatabase database) {
        this.sessions = database.getCollection(COLLECTION);
    }

    public void insert(SessionRecord session) {
        sessions.insertOne(toDocument(session));
    }

    public Optional<SessionRecord> find(String id) {
        return Optional.ofNullable(sessions.find(Filters.eq("_id", id)).first()).map(SessionStore::fromDocument);
    }

    public SessionRecord require(String id) {
        return find(id).orElseThrow(() -> PublicException.notFound("unknown session '" + id + "'"));
    }

    /**
     * Applies a change atomically: re-reads and re-applies it when another writer got there
     * first. The change may return its argument unchanged to write nothing.
     *
     * @return the session as stored afterwards
     * @throws PublicException 404 when the session does not exist
     */
    public SessionRecord update(String id, UnaryOperator<SessionRecord> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SessionRecord current = require(id);
            SessionRecord changed = change.apply(current);
            if (changed == current || changed.equals(current)) {
                return current;
            }
            SessionRecord next = withVersion(changed, current.version() + 1);
            long matched = sessions.replaceOne(
                            Filters.and(Filters.eq("_id", id), Filters.eq("version", current.version())),
                            toDocument(next))
                    .getMatchedCount();
            if (matched == 1) {
                return next;
            }
        }
        throw new IllegalStateException("session " + id + " changed " + MAX_ATTEMPTS + " times while being updated");
    }

    /** Active sessions run by one LSS. */
    public List<SessionRecord> activeOn(String lss) {
        return list(Filters.and(Filters.eq("lss", lss), Filters.in("state", ACTIVE_NAMES)), 0);
    }

    public long countActiveOn(String lss) {
        return sessions.countDocuments(Filters.and(Filters.eq("lss", lss), Filters.in("state", ACTIVE_NAMES)));
    }

    /**
     * @param user       whose sessions (opened or joined), or null for everyone's
     * @param activeOnly leave out closed, failed and lost sessions
     * @param limit      at most this many, newest first
     */
    public List<SessionRecord> listFor(String user, boolean activeOnly, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (user != null) {
            filters.add(Filters.or(Filters.eq("user", user), Filters.eq("participants.user", user)));
        }
        if (activeOnly) {
            filters.add(Filters.in("state", ACTIVE_NAMES));
        }
        return list(filters.isEmpty() ? new Document() : Filters.and(filters), limit);
    }

    private List<SessionRecord> list(Bson filter, int limit) {
        List<SessionRecord> list = new ArrayList<>();
        var find = sessions.find(filter).sort(Sorts.descending("createdAt"));
        if (limit > 0) {
            find = find.limit(limit);
        }
        find.forEach(document -> list.add(fromDocument(document)));
        return list;
    }

    private static SessionRecord withVersion(SessionRecord s, long version) {
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
                s.events(),
                s.lastSeq(),
                s.lssSeq(),
                version);
    }

    static Document toDocument(SessionRecord s) {
        Document services = new Document();
        s.services()
                .forEach((name, status) -> services.append(
                        name,
                        new Document(
                                        "url",
                                        status.url() == null
                                                ? null
                                                : status.url().toString())
                                .append("state", status.state().name())));
        List<Document> events = s.events().stream()
                .map(e -> new Document("seq", e.seq())
                        .append("time", Date.from(e.time()))
                        .append("service", e.service())
                        .append("message", e.message()))
                .toList();
        return new Document("_id", s.id())
                .append("project", s.project())
                .append("user", s.user())
                .append(
                        "participants",
                        s.participants().stream()
                                .map(p -> new Document("user", p.user()).append("since", Date.from(p.since())))
                                .toList())
                .append("type", s.type())
                .append("lss", s.lss())
                .append("lssUrl", s.lssUrl() == null ? null : s.lssUrl().toString())
                .append("state", s.state().name())
                .append("reason", s.reason())
                .append("createdAt", Date.from(s.createdAt()))
                .append("updatedAt", Date.from(s.updatedAt()))
                .append("services", services)
                .append("events", events)
                .append("lastSeq", s.lastSeq())
                .append("lssSeq", s.lssSeq())
                .append("version", s.version());
    }

    static SessionRecord fromDocument(Document d) {
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        Document stored = d.get("services", Document.class);
        if (stored != null) {
            stored.forEach((name, value) -> {
                Document status = (Document) value;
                String url = status.getString("url");
                services.put(
                        name,
                        new ServiceStatus(
                                url == null ? null : URI.create(url), ServiceState.valueOf(status.getString("state"))));
            });
        }
        List<SessionEvent> events = new ArrayList<>();
        for (Document e : d.getList("events", Document.class, List.of())) {
            events.add(new SessionEvent(
                    number(e, "seq"), e.getDate("time").toInstant(), e.getString("service"), e.getString("message")));
        }
        List<Participant> participants = new ArrayList<>();
        for (Document p : d.getList("participants", Document.class, List.of())) {
            participants.add(
                    new Participant(p.getString("user"), p.getDate("since").toInstant()));
        }
        String lssUrl = d.getString("lssUrl");
        return new SessionRecord(
                d.getString("_id"),
                d.getString("project"),
                d.getString("user"),
                participants,
                d.getString("type"),
                d.getString("lss"),
                lssUrl == null ? null : URI.create(lssUrl),
                SessionState.valueOf(d.getString("state")),
                d.getString("reason"),
                instant(d, "createdAt"),
                instant(d, "updatedAt"),
                services,
                events,
                number(d, "lastSeq"),
                number(d, "lssSeq"),
                number(d, "version"));
    }

    private static Instant instant(Document d, String field) {
        return d.getDate(field).toInstant();
    }

    /** Numbers come back as Integer or Long depending on their size and the server. */
    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
