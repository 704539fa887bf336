package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.storage.ProjectData;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.auth.projects.ProjectStore;

/**
 * Durability of acknowledged writes: the embedded database is killed with SIGKILL at a random
 * moment while one client creates projects (AUTH) and another saves the model (the Model
 * service), and started again, {@value #DEFAULT_KILLS} times in the default run and
 * {@value #LONG_KILLS} times in the long mode ({@code -Dopentwin.dbkill.kills=N} for another
 * number). After every restart every project whose creation was acknowledged is there, every
 * version a save acknowledged is there with the message it was saved with (so no number was
 * handed out twice), and no number is ever acknowledged twice. The test owns the database
 * process: AUTH and the Model service stay up and reconnect.
 */
class DatabaseKillIT {
    /**
     * Kills in the default run: a round costs 5-15 s on a busy 2-core machine (the database's
     * restart most of it), so the default run stays near a minute and a half; the unit test
     * DurableH2BackendTest kills the database right after 400 acknowledged writes on every build.
     */
    static final int DEFAULT_KILLS = 4;
    /** Kills in the long mode. */
    static final int LONG_KILLS = 200;

    @TempDir
    Path work;

    private final Map<String, String> projects = new ConcurrentHashMap<>();
    private final Map<Long, String> versions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private long checked;

    @Test
    void killedAtRandomMomentsItKeepsEveryAcknowledgedWriteAndHandsOutNoVersionTwice() throws Exception {
        int kills = TestMode.count("opentwin.dbkill.kills", DEFAULT_KILLS, LONG_KILLS);
        long start = System.nanoTime();
        try (StandaloneServices services = new StandaloneServices(work)) {
            // The database's own class-data-sharing archive, written by one clean start and stop
            // first (a killed JVM writes none): every restart below starts from it.
            services.ownArchive("database");
            services.start("database");
            services.stop("database");
            services.start("database");
            services.start("auth", "--access-token-minutes", "240");
            String token = services.login("admin", StandaloneServices.ADMIN_PASSWORD);
            String project = services.call("auth", token, "Project.Create", Map.of("name", "Kill test"))
                    .path("id")
                    .asText();
            // A save the kill interrupted holds the model until its lease runs out: a short one.
            services.start("model", "--project", project, "--save-lease-ms", "1000");
            long restartNanos = 0;
            try (ServiceClient client = services.serviceClient(Duration.ofSeconds(60))) {
                for (int round = 1; round <= kills; round++) {
                    AtomicBoolean writing = new AtomicBoolean(true);
                    int thisRound = round;
                    Thread creator =
                            Thread.ofVirtual().start(() -> createProjects(services, token, thisRound, writing));
                    Thread saver = Thread.ofVirtual().start(() -> save(services, client, token, writing));
                    // Kill while both write: anywhere from their first writes to 1.5 s later.
                    Thread.sleep(ThreadLocalRandom.current().nextInt(300, 1500));
                    services.kill("database");
                    long restart = System.nanoTime();
                    services.start("database");
                    restartNanos += System.nanoTime() - restart;
                    writing.set(false);
                    creator.join(Duration.ofSeconds(120));
                    saver.join(Duration.ofSeconds(120));
                    assertThat(creator.isAlive() || saver.isAlive())
                            .as("the writers stopped")
                            .isFalse();
                    // The database's own record every round; through the Model service (whose
                    // history walks parents one query at a time) every 25th round and the last.
                    verify(services, client, token, project, round % 25 == 0 || round == kills);
                }
            }
            assertThat(problems).as("problems seen by the writers").isEmpty();
            assertThat(projects).as("projects created over %d kills", kills).hasSizeGreaterThan(kills);
            assertThat(versions).as("saves acknowledged over %d kills", kills).hasSizeGreaterThan(kills);
            System.out.printf(
                    "DatabaseKillIT (%s mode): %d kills in %.0f s; %d project creations and %d saves acknowledged,"
                            + " %d acknowledged writes checked after the restarts (every one after each restart),"
                            + " %d calls failed while the database was down; a database restart took %.2f s on average%n",
                    TestMode.name(),
                    kills,
                    (System.nanoTime() - start) / 1e9,
                    projects.size(),
                    versions.size(),
                    checked,
                    failedCalls.get(),
                    restartNanos / 1e9 / kills);
        }
    }

    /** Creates projects one after the other; each acknowledged one is remembered. */
    private void createProjects(StandaloneServices services, String token, int round, AtomicBoolean writing) {
        for (int i = 0; writing.get(); i++) {
            String name = "p" + round + "-" + i;
            try {
                String id = services.call("auth", token, "Project.Create", Map.of("name", name))
                        .path("id")
                        .asText();
                if (projects.putIfAbsent(id, name) != null) {
                    problems.add("project id " + id + " acknowledged twice");
                }
            } catch (PeerCallException e) {
                pauseAfterFailure();
            }
        }
    }

    /** Saves on the head, one after the other, each with a message of its own. */
    private void save(StandaloneServices services, ServiceClient client, String token, AtomicBoolean writing) {
        URI model = services.url("model");
        while (writing.get()) {
            try {
                long head = call(client, model, token, "Model.Info", Map.of())
                        .path("version")
                        .asLong();
                String message = "save " + UUID.randomUUID();
                ObjectNode save = Json.object().put("expectedVersion", head).put("message", message);
                save.putArray("put")
                        .addObject()
                        .put("id", "e" + ThreadLocalRandom.current().nextInt(20))
                        .put("type", "result")
                        .put("name", message);
                long version = call(client, model, token, "Model.Save", save)
                        .path("version")
                        .asLong();
                String earlier = versions.putIfAbsent(version, message);
                if (earlier != null) {
                    problems.add("version " + version + " acknowledged twice: '" + earlier + "' and '" + message + "'");
                }
            } catch (PeerCallException e) {
                pauseAfterFailure();
            }
        }
    }

    private void pauseAfterFailure() {
        failedCalls.incrementAndGet();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode call(ServiceClient client, URI url, String token, String action, Object fields) {
        ObjectNode request = Json.mapper().valueToTree(fields);
        request.put("action", action);
        return client.callOnBehalfOf(url, request, token);
    }

    /**
     * Every acknowledged project and version is there, each version with its own save's message:
     * read from the database, and when {@code throughModel}, also from the Model service's history.
     */
    private void verify(
            StandaloneServices services, ServiceClient client, String token, String project, boolean throughModel) {
        Set<String> stored = new HashSet<>();
        Map<Long, String> messages = new HashMap<>();
        try (DatabaseConnection database = services.databaseConnection()) {
            database.database()
                    .getCollection(ProjectStore.COLLECTION)
                    .find()
                    .forEach((Document d) -> stored.add(d.getString("_id")));
            database.database()
                    .getCollection(ProjectData.prefix(project) + "_states")
                    .find(Filters.exists("message"))
                    .projection(Projections.include("message"))
                    .forEach((Document d) -> messages.put(((Number) d.get("_id")).longValue(), d.getString("message")));
        }
        assertThat(stored).as("no acknowledged project creation is lost").containsAll(projects.keySet());
        assertThat(messages)
                .as("no acknowledged save is lost or replaced (in the database)")
                .containsAllEntriesOf(versions);
        if (!throughModel) {
            checked += projects.size() + versions.size();
            return;
        }
        messages.clear();
        URI model = services.url("model");
        List<Long> visible = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            JsonNode page = call(client, model, token, "Model.History", Map.of("limit", 1000, "before", before));
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode version : page) {
                visible.add(version.path("version").asLong());
                messages.put(
                        version.path("version").asLong(),
                        version.path("message").asText());
            }
            before = visible.getLast();
        }
        assertThat(messages)
                .as("no acknowledged save is lost or replaced (in the Model service's history)")
                .containsAllEntriesOf(versions);
        checked += projects.size() + versions.size();
    }
}
