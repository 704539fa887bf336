package org.opentwinj.services.gss.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;

/**
 * The {@code gss_commands} collection: the latest catalogue each session service sent with its
 * {@code Service.Confirm}, by its name within the session, so that a session's catalogue is
 * known before its on-demand services start, and after restarts of the GSS and the LSS. One
 * document per service name, replaced whole (a single-document write, as everywhere here).
 */
public final class CommandCatalogue {
    public static final String COLLECTION = "gss_commands";
    private static final TypeReference<List<CommandSpec>> COMMANDS = new TypeReference<>() {};

    private final MongoCollection<Document> catalogues;
    private final Clock clock;
    /** What this GSS wrote or read last, per name: reports repeat catalogues, which need no rewrite. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public CommandCatalogue(MongoDatabase database, Clock clock) {
        this.catalogues = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** Keeps each service's catalogue as its latest; null keeps nothing. */
    public void keep(Map<String, List<CommandSpec>> reported) {
        if (reported == null) {
            return;
        }
        reported.forEach((service, commands) -> {
            String json = Json.write(commands);
            if (json.equals(known.get(service))) {
                return;
            }
            catalogues.replaceOne(
                    Filters.eq("_id", service),
                    new Document("_id", service)
                            .append("commands", json)
                            .append("updatedAt", Date.from(clock.instant())),
                    new ReplaceOptions().upsert(true));
            known.put(service, json);
        });
    }

    /** The catalogues known of the given services; a service never seen is left out. */
    public Map<String, List<CommandSpec>> find(Collection<String> services) {
        Map<String, List<CommandSpec>> found = new HashMap<>();
        for (Document document : catalogues.find(Filters.in("_id", services))) {
            String service = document.getString("_id");
            String json = document.getString("commands");
            found.put(service, parse(service, json));
            known.put(service, json);
        }
        return found;
    }

    private static List<CommandSpec> parse(String service, String json) {
        try {
            return Json.mapper().readValue(json, COMMANDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored catalogue of " + service + " is not a list of commands", e);
        }
    }
}
