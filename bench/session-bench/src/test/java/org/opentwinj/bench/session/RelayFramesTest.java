package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RelayFramesTest {
    @Test
    void theWebsocketIsTheRelaysAuthorityWithThePathAndTheSession() {
        assertThat(RelayFrames.websocket(URI.create("https://127.0.0.1:8094"), "abc-1"))
                .isEqualTo(URI.create("wss://127.0.0.1:8094/relay?session=abc-1"));
    }

    @Test
    void anEchoMessageNamesItsServiceAndCarriesTheActionRequest() {
        assertThat(RelayFrames.parse(RelayFrames.echo(7, "compute-1", "hi")))
                .isEqualTo(RelayFrames.parse(
                        "{\"id\":7,\"service\":\"compute-1\",\"message\":{\"action\":\"Echo\",\"message\":\"hi\"}}"));
    }

    @Test
    void anOkReplyThatEchoesTheMessageIsSuccess() {
        var reply = RelayFrames.parse(
                "{\"type\":\"reply\",\"id\":1,\"status\":\"ok\",\"result\":{\"message\":\"hi\",\"service\":\"compute-1\"}}");

        assertThat(RelayFrames.outcome(reply, 1, "hi")).isEmpty();
        assertThat(RelayFrames.outcome(reply, 1, "other")).startsWith("the reply does not echo the message");
    }

    @Test
    void framesAboutOtherMessagesAreNotTheOutcome() {
        assertThat(RelayFrames.outcome(RelayFrames.parse("{\"type\":\"welcome\",\"session\":\"s\"}"), 1, "hi"))
                .isNull();
        assertThat(RelayFrames.outcome(
                        RelayFrames.parse("{\"type\":\"push\",\"service\":\"model\",\"message\":{}}"), 1, "hi"))
                .isNull();
        assertThat(RelayFrames.outcome(
                        RelayFrames.parse("{\"type\":\"reply\",\"id\":2,\"status\":\"ok\",\"result\":{}}"), 1, "hi"))
                .isNull();
    }

    @Test
    void refusalsKeepTheStatusAndReason() {
        assertThat(RelayFrames.outcome(
                        RelayFrames.parse("{\"type\":\"reply\",\"id\":1,\"status\":\"error\",\"httpStatus\":503,"
                                + "\"reason\":\"compute-1 did not start\"}"),
                        1,
                        "hi"))
                .isEqualTo("HTTP 503: compute-1 did not start");
        assertThat(RelayFrames.outcome(
                        RelayFrames.parse("{\"type\":\"error\",\"id\":1,\"reason\":\"missing field 'message'\"}"),
                        1,
                        "hi"))
                .isEqualTo("missing field 'message'");
    }
}
