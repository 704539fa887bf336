package org.opentwinj.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;

/** The JSON the records make is the JSON the services exchanged before the contract existed. */
class WireFormatTest {
    @Test
    void aReportLeavesOutWhatItDoesNotKnow() {
        SessionReport report = new SessionReport(
                "lss-1",
                "s1",
                SessionState.STARTING,
                null,
                Map.of("echo", new ServiceStatus(null, ServiceState.STARTING)),
                List.of(new SessionEvent(1, Instant.parse("2026-01-01T00:00:00Z"), null, "starting echo")));

        JsonNode json = Json.mapper().valueToTree(report);

        assertThat(json.has("reason")).isFalse();
        assertThat(json.path("state").asText()).isEqualTo("STARTING");
        assertThat(json.path("services").path("echo").toString()).isEqualTo("{\"state\":\"STARTING\"}");
        assertThat(json.path("events").get(0).toString())
                .isEqualTo(
                        "{\"seq\":1,\"time\":\"2026-01-01T00:00:00Z\",\"service\":null,\"message\":\"starting echo\"}");
    }

    @Test
    void aReportIsReadBackAsItWasSent() throws Exception {
        String sent = "{\"lss\":\"lss-1\",\"session\":\"s1\",\"state\":\"RECOVERING\",\"reason\":\"echo exited\","
                + "\"services\":{\"echo\":{\"url\":\"https://h:9100\",\"state\":\"RESTARTING\"}},\"events\":[]}";

        SessionReport report = Json.mapper().readValue(sent, SessionReport.class);

        assertThat(report.state()).isEqualTo(SessionState.RECOVERING);
        assertThat(report.services().get("echo"))
                .isEqualTo(new ServiceStatus(URI.create("https://h:9100"), ServiceState.RESTARTING));
        assertThat(Json.mapper().readTree(Json.write(report)))
                .isEqualTo(Json.mapper().readTree(sent));
    }
}
