package org.opentwinj.services.gss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.gss.session.SessionActions;

/**
 * A session's log records for its user, from the logger ({@code Log.Query}, mTLS): what the
 * web client's log panel shows. Only the fields a user needs go out (no stack traces, no peer
 * certificate subjects).
 */
final class LoggerSessionLogs implements SessionActions.SessionLogs {
    private static final String[] FIELDS = {"seq", "time", "level", "service", "message", "action", "user", "job"};

    private final ServiceClient client;
    private final URI loggerUrl;

    /** @param loggerUrl the logger, or null when the platform runs without one */
    LoggerSessionLogs(ServiceClient client, URI loggerUrl) {
        this.client = client;
        this.loggerUrl = loggerUrl;
    }

    @Override
    public JsonNode query(String session, long after, String level, long waitMs, String job) {
        if (loggerUrl == null) {
            throw new PublicException(503, "this platform runs without a logger (--logger-url)");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("session", session);
        query.put("after", after);
        query.put("limit", 500);
        query.put("waitMs", waitMs);
        if (level != null) {
            query.put("level", level);
        }
        if (job != null) {
            query.put("job", job);
        }
        JsonNode reply;
        try {
            reply = client.callIdempotent(loggerUrl, "Log.Query", query);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 400) {
                throw new PublicException(e.reason());
            }
            throw PublicException.unavailable("the logger cannot be reached: " + e.reason(), Duration.ofSeconds(5));
        }
        ObjectNode out = Json.object().put("next", reply.path("next").asLong(after));
        ArrayNode records = out.putArray("records");
        for (JsonNode record : reply.path("records")) {
            ObjectNode kept = records.addObject();
            for (String field : FIELDS) {
                if (record.hasNonNull(field)) {
                    kept.set(field, record.get(field));
                }
            }
        }
        return out;
    }
}
