package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.session.SessionState;

/**
 * Reads what the GSS says about a session ({@code Session.Routes}, the contract's {@link Routes}):
 * whose it is and who joined it, its state, and where its services listen. Read leniently (fields the relay does
 * not use are ignored, so that the GSS may add some without breaking older relays) and checked
 * (https URLs only); the services are sorted by name.
 */
final class RoutesReader {
    private RoutesReader() {}

    /**
     * Reads the result of {@code Session.Routes}.
     *
     * @throws IllegalArgumentException if a field the relay needs is missing or malformed
     */
    static Routes parse(JsonNode result) {
        if (result == null || !result.isObject()) {
            throw new IllegalArgumentException("Session.Routes did not return a JSON object");
        }
        Map<String, URI> services = new TreeMap<>();
        JsonNode urls = result.path("services");
        if (!urls.isMissingNode() && !urls.isNull()) {
            if (!urls.isObject()) {
                throw new IllegalArgumentException("Session.Routes returned 'services' that is not an object");
            }
            urls.properties().forEach(entry -> services.put(entry.getKey(), url(entry.getKey(), entry.getValue())));
        }
        return new Routes(
                text(result, "session"),
                text(result, "user"),
                participants(result.path("participants")),
                result.path("project").asText(null),
                state(text(result, "state")),
                Collections.unmodifiableMap(services));
    }

    /** Who joined the session; none when the GSS does not say (one older than shared sessions). */
    private static List<String> participants(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("Session.Routes returned 'participants' that is not an array");
        }
        List<String> users = new ArrayList<>();
        for (JsonNode user : list) {
            if (!user.isTextual() || user.asText().isBlank()) {
                throw new IllegalArgumentException("Session.Routes returned a participant that is not a user name");
            }
            users.add(user.asText());
        }
        return users;
    }

    private static String text(JsonNode result, String field) {
        JsonNode value = result.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Session.Routes returned no '" + field + "'");
        }
        return value.asText();
    }

    private static SessionState state(String name) {
        try {
            return SessionState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Session.Routes returned an unknown state '" + name + "'", e);
        }
    }

    private static URI url(String service, JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    "Session.Routes returned a URL for '" + service + "' that is not a string");
        }
        try {
            URI uri = new URI(value.asText());
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Session.Routes returned '" + value.asText() + "' for '" + service + "', not an https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Session.Routes returned '" + value.asText() + "' for '" + service + "', not a URL: "
                            + e.getReason(),
                    e);
        }
    }
}
