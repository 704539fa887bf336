package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;
import org.opentwinj.services.echo.EchoService;

class PayloadTest {
    @Test
    void theRequestIsTheRelaysClientFrameForTheEchoAction() throws Exception {
        var frame = Json.mapper().readTree(Payload.request(42));

        assertThat(frame.path("id").asLong()).isEqualTo(42);
        assertThat(frame.path("service").asText()).isEqualTo("echo");
        assertThat(frame.path("message").path("action").asText()).isEqualTo("Echo");
        assertThat(frame.path("message").path("message").asText()).isEqualTo(Payload.MESSAGE);
    }

    @Test
    void theExpectedReplyIsTheReplyFrameAroundTheSerialisedEchoReply() {
        ObjectNode frame = Json.object().put("type", "reply").put("id", 7).put("status", "ok");
        frame.set(
                "result",
                Json.mapper().valueToTree(new EchoService.EchoReply(Payload.MESSAGE, "echo", "1", Payload.ON_BEHALF)));

        assertThat(Payload.reply(7, Payload.ON_BEHALF)).isEqualTo(Json.write(frame));
        assertThat(Payload.ON_BEHALF).isEqualTo("user bench via service CN=relay");
    }

    @Test
    void onlyTheExactReplyForTheIdAndCallerMatches() {
        String reply = Payload.reply(123, Payload.ANONYMOUS);

        assertThat(Payload.isReply(reply, 123, Payload.ANONYMOUS)).isTrue();
        assertThat(Payload.isReply(new StringBuilder(reply), 123, Payload.ANONYMOUS))
                .isTrue();
        assertThat(Payload.isReply(reply, 124, Payload.ANONYMOUS)).isFalse();
        assertThat(Payload.isReply(reply, 12, Payload.ANONYMOUS)).isFalse();
        assertThat(Payload.isReply(reply, 123, Payload.ON_BEHALF)).isFalse();
        assertThat(Payload.isReply(reply.replace("hello", "hallo"), 123, Payload.ANONYMOUS))
                .isFalse();
        assertThat(Payload.isReply(reply + " ", 123, Payload.ANONYMOUS)).isFalse();
        assertThat(Payload.isReply("{\"type\":\"reply\",\"id\":123,\"status\":\"error\"}", 123, Payload.ANONYMOUS))
                .isFalse();
    }

    @Test
    void framesAreCountedInUtf8Bytes() {
        assertThat(Payload.bytes(Payload.request(1)))
                .isEqualTo(Payload.request(1).length());
        assertThat(Payload.bytes("é")).isEqualTo(2);
    }
}
