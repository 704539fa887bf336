package org.opentwinj.services.lss.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;
import org.opentwinj.services.lss.session.LiveSession;

/**
 * The {@code lss_sessions} collection: each session of an LSS with its services' spawner
 * state, written on every change, so that a restarted LSS reattaches to what still runs.
 * A session's document goes once the session is over and the GSS knows.
 */
public final class SessionStore {
    public static final String COLLECTION = "lss_sessions";

    private final MongoCollection<Document> sessions;
    private final String lss;

    public SessionStore(MongoDatabase database, String lss) {
        this.sessions = database.getCollection(COLLECTION);
        this.lss = lss;
    }

    public void save(LiveSession.Snapshot session) {
        List<Document> services = new ArrayList<>();
        for (LiveSession.ServiceSnapshot service : session.services()) {
            SpawnHandle handle = service.handle();
            services.add(new Document("name", service.name())
                    .append("service", service.service())
                    .append("port", service.port())
                    .append("url", service.url() == null ? null : service.url().toString())
                    .append(
                            "spawn",
                            handle == null
                                    ? null
                                    : new Document("spawner", handle.state().spawner())
                                            .append(
                                                    "values",
                                                    new Document(new LinkedHashMap<>(
                                                            handle.state().values()))))
                    .append("restarts", service.restartsInARow())
                    .append("lastStart", service.lastStart() == null ? null : Date.from(service.lastStart())));
        }
        Document document = new Document("_id", session.id())
                .append("lss", lss)
                .append("project", session.project())
                .append("user", session.user())
                .append("type", session.type())
                .append("phase", session.state().name())
                .append("createdAt", Date.from(session.createdAt()))
                .append("lastSeq", session.lastSeq())
                .append("services", services);
        sessions.replaceOne(Filters.eq("_id", session.id()), document, new ReplaceOptions().upsert(true));
    }

    public void delete(String id) {
        sessions.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("lss", lss)));
    }

    /** The sessions this LSS saved. */
    public List<StoredSession> mine() {
        List<StoredSession> mine = new ArrayList<>();
        sessions.find(Filters.eq("lss", lss)).forEach(document -> mine.add(fromDocument(document)));
        return mine;
    }

    private static StoredSession fromDocument(Document d) {
        List<StoredSession.StoredService> services = new ArrayList<>();
        for (Document s : d.getList("services", Document.class, List.of())) {
            Document spawn = s.get("spawn", Document.class);
            SpawnState state = null;
            if (spawn != null) {
                Map<String, String> values = new LinkedHashMap<>();
                spawn.get("values", Document.class).forEach((key, value) -> values.put(key, String.valueOf(value)));
                state = new SpawnState(spawn.getString("spawner"), values);
            }
            String url = s.getString("url");
            Date lastStart = s.getDate("lastStart");
            services.add(new StoredSession.StoredService(
                    s.getString("name"),
                    s.getString("service"),
                    s.getInteger("port", 0),
                    url == null ? null : URI.create(url),
                    state,
                    s.getInteger("restarts", 0),
                    lastStart == null ? null : lastStart.toInstant()));
        }
        Object lastSeq = d.get("lastSeq");
        return new StoredSession(
                d.getString("_id"),
                d.getString("lss"),
                d.getString("project"),
                d.getString("user"),
                d.getString("type"),
                d.getString("phase"),
                d.getDate("createdAt").toInstant(),
                lastSeq instanceof Number n ? n.longValue() : 0,
                services);
    }
}
