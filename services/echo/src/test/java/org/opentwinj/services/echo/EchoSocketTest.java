package org.opentwinj.services.echo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;

/** The frames of {@code /ws}, without a server: what {@link EchoService.EchoSocket#answer} makes of each. */
class EchoSocketTest {
    private final EchoService.EchoSocket socket = new EchoService.EchoSocket("echo", "7", 1024);

    private JsonNode answer(String frame) throws Exception {
        return Json.mapper().readTree(socket.answer(frame));
    }

    @Test
    void anEchoIsAnsweredWithTheActionsReplyAndTheIdAsGiven() throws Exception {
        JsonNode numbered =
                answer("{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"hi\"}}");
        JsonNode named = answer(
                "{\"id\":\"a-2\",\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"ho\",\"delayMs\":0}}");

        assertThat(Json.write(numbered))
                .isEqualTo(
                        "{\"type\":\"reply\",\"id\":1,\"status\":\"ok\",\"result\":{\"message\":\"hi\",\"service\":\"echo\",\"site\":\"7\",\"caller\":\"anonymous\"}}");
        assertThat(named.path("id").asText()).isEqualTo("a-2");
        assertThat(named.path("result").path("message").asText()).isEqualTo("ho");
    }

    @Test
    void theReplyIsWhatTheEchoActionComputes() throws Exception {
        EchoService.EchoReply direct = EchoService.echo(
                new EchoService.EchoRequest("same", null),
                "echo",
                "7",
                org.opentwinj.platform.transport.action.Caller.ANONYMOUS);

        JsonNode reply =
                answer("{\"id\":3,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"same\"}}");

        assertThat(Json.mapper().treeToValue(reply.path("result"), EchoService.EchoReply.class))
                .isEqualTo(direct);
    }

    @Test
    void requestsThisEndpointDoesNotServeAreRefusedWithAReplyError() throws Exception {
        JsonNode otherService =
                answer("{\"id\":1,\"service\":\"model\",\"message\":{\"action\":\"Echo\",\"message\":\"hi\"}}");
        JsonNode otherAction =
                answer("{\"id\":2,\"service\":\"echo\",\"message\":{\"action\":\"Echo.Record\",\"message\":\"hi\"}}");

        assertThat(otherService.path("type").asText()).isEqualTo("reply");
        assertThat(otherService.path("status").asText()).isEqualTo("error");
        assertThat(otherService.path("httpStatus").asInt()).isEqualTo(404);
        assertThat(otherService.path("reason").asText()).contains("unknown service 'model'");
        assertThat(otherAction.path("id").asInt()).isEqualTo(2);
        assertThat(otherAction.path("httpStatus").asInt()).isEqualTo(404);
        assertThat(otherAction.path("reason").asText())
                .contains("unknown action 'Echo.Record'")
                .contains("only 'Echo'");
    }

    @Test
    void badFieldsOfTheActionAreRefusedAsStrictlyAsOnExecute() throws Exception {
        assertThat(answer("{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\"}}")
                        .path("reason")
                        .asText())
                .isEqualTo("missing field 'message'");
        assertThat(answer("{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":5}}")
                        .path("reason")
                        .asText())
                .isEqualTo("field 'message' has the wrong type");
        assertThat(answer("{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"x\",\"c\":1}}")
                        .path("reason")
                        .asText())
                .isEqualTo("unknown field 'c'");
        JsonNode delay = answer(
                "{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"x\",\"delayMs\":-1}}");
        assertThat(delay.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(delay.path("reason").asText()).contains("delayMs");
    }

    @Test
    void framesThatCannotBeReadGetAnErrorWithTheIdWhenKnown() throws Exception {
        JsonNode malformed = answer("{\"id\":");
        JsonNode noId = answer("{\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"x\"}}");
        JsonNode extra =
                answer("{\"id\":9,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"x\"},\"x\":1}");
        JsonNode noAction = answer("{\"id\":9,\"service\":\"echo\",\"message\":{\"message\":\"x\"}}");

        assertThat(malformed.path("type").asText()).isEqualTo("error");
        assertThat(malformed.path("reason").asText()).startsWith("malformed JSON");
        assertThat(noId.has("id")).isFalse();
        assertThat(noId.path("reason").asText()).isEqualTo("field 'id' must be a number or a string");
        assertThat(extra.path("id").asInt()).isEqualTo(9);
        assertThat(extra.path("reason").asText()).isEqualTo("unknown field 'x'");
        assertThat(noAction.path("type").asText()).isEqualTo("error");
        assertThat(answer("[1]").path("reason").asText()).startsWith("expected a JSON object");
    }
}
