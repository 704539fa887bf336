package org.opentwinj.platform.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.opentwinj.platform.tokens.TokenClaims;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTH's revocations ({@code Auth.Revocations}), fetched again every interval, so that a
 * service refuses the tokens of a logout, of a revoked login and of disabled or deleted users
 * within that interval, although it checks signatures offline. While AUTH cannot be reached,
 * the last list stays in force (and is fetched again at the next interval).
 */
public final class RevocationFeed implements TokenVerifierFromKeys.RevocationCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
    /** How long a revocation may take to hold outside AUTH. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private record Snapshot(
            Set<String> tokens, Set<String> families, Map<String, Instant> deletedUsers, Set<String> disabledUsers) {
        static final Snapshot NONE = new Snapshot(Set.of(), Set.of(), Map.of(), Set.of());
    }

    private final Supplier<JsonNode> source;
    private volatile Snapshot snapshot = Snapshot.NONE;
    private volatile boolean failing;
    private volatile Thread poller;

    /** @param source fetches the result of {@code Auth.Revocations}; throws {@link PeerCallException} when AUTH does not answer */
    public RevocationFeed(Supplier<JsonNode> source) {
        this.source = source;
    }

    /** The revocations of the AUTH at {@code auth}, called over mutual TLS. */
    public static RevocationFeed of(ServiceClient client, URI auth) {
        return new RevocationFeed(() -> client.callIdempotent(auth, "Auth.Revocations", Map.of()));
    }

    /** Fetches the list once now, then every {@code interval} on a thread of its own. */
    public RevocationFeed start(Duration interval) {
        refresh();
        poller = Thread.ofVirtual().name("revocation-feed").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                refresh();
            }
        });
        return this;
    }

    /** Fetches the list; keeps the last one when AUTH does not answer. */
    public void refresh() {
        try {
            JsonNode reply = source.get();
            Map<String, Instant> deleted = new HashMap<>();
            reply.path("deletedUsers")
                    .properties()
                    .forEach(user -> deleted.put(
                            user.getKey(), Instant.parse(user.getValue().asText())));
            snapshot = new Snapshot(
                    texts(reply.path("tokens")),
                    texts(reply.path("families")),
                    Map.copyOf(deleted),
                    texts(reply.path("disabledUsers")));
            if (failing) {
                LOG.info("AUTH's revocations are read again");
                failing = false;
            }
        } catch (PeerCallException | DateTimeParseException e) {
            if (!failing) {
                LOG.warn(
                        "cannot read AUTH's revocations (the last list stays in force until they are read again): {}",
                        e.getMessage());
                failing = true;
            }
        }
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return Set.copyOf(texts);
    }

    /** Stops reading the list (the last one stays in force). */
    @Override
    public void close() {
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRevoked(TokenClaims claims) {
        Snapshot now = snapshot;
        if (now.tokens().contains(claims.id())
                || (claims.family() != null && now.families().contains(claims.family()))
                || now.disabledUsers().contains(claims.subject())) {
            return true;
        }
        Instant deleted = now.deletedUsers().get(claims.subject());
        return deleted != null && !claims.issuedAt().isAfter(deleted);
    }
}
