package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the GSS says about a session ({@code Session.Routes}): whose it is, its state, and
 * where its services listen.
 *
 * @param session  the session id
 * @param user     the user who opened it
 * @param project  the project it is open on
 * @param state    the GSS's session state, e.g. {@code RUNNING}
 * @param services service URLs by service name, sorted by name
 */
public record SessionRoutes(String session, String user, String project, String state, Map<String, URI> services) {
    /** The states in which clients may talk to the session's services. */
    static final Set<String> SERVING_STATES = Set.of("RUNNING", "RECOVERING");

    public SessionRoutes {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(state, "state");
        services = java.util.Collections.unmodifiableMap(new TreeMap<>(services));
    }

    /** Whether clients may talk to the services now. */
    public boolean isServing() {
        return SERVING_STATES.contains(state);
    }

    /**
     * Reads the result of {@code Session.Routes}. Fields the relay does not use are ignored, so
     * that the GSS may add some without breaking older relays.
     *
     * @throws IllegalArgumentException if a field the relay needs is missing or malformed
     */
    static SessionRoutes parse(JsonNode result) {
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
        return new SessionRoutes(text(result, "session"), text(result, "user"), result.path("project").asText(null),
                text(result, "state"), services);
    }

    private static String text(JsonNode result, String field) {
        JsonNode value = result.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Session.Routes returned no '" + field + "'");
        }
        return value.asText();
    }

    private static URI url(String service, JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("Session.Routes returned a URL for '" + service + "' that is not a string");
        }
        try {
            URI uri = new URI(value.asText());
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Session.Routes returned '" + value.asText() + "' for '" + service
                        + "', not an https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Session.Routes returned '" + value.asText() + "' for '" + service
                    + "', not a URL: " + e.getReason(), e);
        }
    }
}
