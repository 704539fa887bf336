package org.opentwinj.services.gss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * The session's catalogue ({@code Session.Commands}), kept from the LSS's reports also before
 * an on-demand service starts and across GSS restarts; {@code Session.Demand} passed to the
 * session's LSS.
 */
class SessionCommandsTest {
    private static final CommandSpec CUBOID = new CommandSpec(
            "Shape.Cuboid",
            "Cuboid",
            "Modeling",
            "Create",
            List.of(new ParamSpec(
                    "width",
                    "Width",
                    ParamType.NUMBER,
                    "mm",
                    0.0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)),
            false,
            "Shape",
            "A box");

    private final GssHarness gss = new GssHarness();

    @AfterEach
    void close() {
        gss.close();
    }

    private String running(String project) {
        gss.rights.put(project, Map.of("alice", "owner", "bob", "read"));
        gss.registerLss("a", 5);
        String session = gss.ok(gss.asUser("alice", "Session.New", "project", project))
                .path("session")
                .asText();
        report(session, null);
        return session;
    }

    /** The LSS's report: model ready, modeling (on demand) not started; with the catalogues given. */
    private void report(String session, Map<String, List<CommandSpec>> commands) {
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("model", Map.of("url", "https://a:9100", "state", "READY"));
        services.put("modeling", Map.of("state", "STOPPED"));
        Object[] fields = {"lss", "a", "session", session, "state", "RUNNING", "services", services, "events", List.of()
        };
        if (commands != null) {
            Object[] withCommands = new Object[fields.length + 2];
            System.arraycopy(fields, 0, withCommands, 0, fields.length);
            withCommands[fields.length] = "commands";
            withCommands[fields.length + 1] = commands;
            fields = withCommands;
        }
        gss.ok(gss.asService("Session.Report", fields));
    }

    @Test
    void servicesNeverSeenAreUnknownAndReportedCataloguesAreAnswered() {
        String session = running("p1");
        JsonNode before = gss.ok(gss.asUser("alice", "Session.Commands", "session", session));
        assertThat(before.path("services")).isEmpty();
        assertThat(before.path("unknown").toString()).isEqualTo("[\"model\",\"modeling\"]");

        report(session, Map.of("model", List.of(), "modeling", List.of(CUBOID)));

        gss.ok(gss.asUser("bob", "Session.Join", "session", session));
        JsonNode after = gss.ok(gss.asUser("bob", "Session.Commands", "session", session));
        assertThat(after.path("session").asText()).isEqualTo(session);
        assertThat(after.path("unknown")).isEmpty();
        assertThat(after.path("services").findValuesAsText("service")).containsExactly("model", "modeling");
        JsonNode command = after.path("services").get(1).path("commands").get(0);
        assertThat(command.path("name").asText()).isEqualTo("Shape.Cuboid");
        assertThat(command.path("params").get(0).path("unit").asText()).isEqualTo("mm");
    }

    @Test
    void theCatalogueIsKnownForTheNextSessionAndAfterAGssRestart() {
        String first = running("p1");
        report(first, Map.of("modeling", List.of(CUBOID)));
        gss.restart();

        String second = running("p2");

        JsonNode catalogue = gss.ok(gss.asUser("alice", "Session.Commands", "session", second));
        assertThat(catalogue.path("services").findValuesAsText("service")).containsExactly("modeling");
        assertThat(catalogue.path("unknown").toString()).isEqualTo("[\"model\"]");
    }

    @Test
    void onlyThoseInTheSessionAndAdminsGetItsCatalogue() {
        String session = running("p1");

        Reply reader = gss.asUser("bob", "Session.Commands", "session", session);
        assertThat(reader.httpStatus()).as("a reader who did not join").isEqualTo(404);
        assertThat(gss.asUser("root", "Session.Commands", "session", session).isSuccess())
                .isTrue();
        assertThat(gss.asService("Session.Commands", "session", session).httpStatus())
                .isEqualTo(401);
    }

    @Test
    void aDemandGoesToTheSessionsLssAndItsAnswerBack() {
        String session = running("p1");

        JsonNode reply = gss.ok(gss.asService("Session.Demand", "session", session, "service", "modeling"));

        assertThat(reply.path("service").asText()).isEqualTo("modeling");
        assertThat(reply.path("url").asText()).isEqualTo("https://modeling.x:9000");
        assertThat(gss.calls).contains("demand a " + session + " modeling");
    }

    @Test
    void theLssRefusalsKeepTheirStatusAndReason() {
        String session = running("p1");
        gss.demands = request -> {
            throw new PeerCallException(
                    GssHarness.url("a"),
                    "Service.Demand",
                    503,
                    "modeling of session " + session + " could not be started: modeling exited with code 2",
                    null);
        };

        Reply refused = gss.asService("Session.Demand", "session", session, "service", "modeling");

        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(refused.body().path("reason").asText())
                .isEqualTo("modeling of session " + session + " could not be started: modeling exited with code 2");
        assertThat(gss.asService("Session.Demand", "session", "nope", "service", "modeling")
                        .httpStatus())
                .isEqualTo(404);
        assertThat(gss.asUser("alice", "Session.Demand", "session", session, "service", "modeling")
                        .httpStatus())
                .as("services only")
                .isEqualTo(403);
    }
}
