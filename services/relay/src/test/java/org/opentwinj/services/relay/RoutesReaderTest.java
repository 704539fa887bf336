package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.Routes;

class RoutesReaderTest {
    private static Routes parse(String json) throws IOException {
        return RoutesReader.parse(Json.mapper().readTree(json));
    }

    @Test
    void theGssAnswerIsReadAndFieldsTheRelayDoesNotUseAreIgnored() throws IOException {
        Routes routes = parse("{\"session\":\"s1\",\"user\":\"alice\",\"project\":\"p\",\"state\":\"RECOVERING\","
                + "\"services\":{\"model\":\"https://m:1\",\"echo\":\"https://e:2\"},\"type\":\"3d-em\"}");

        assertThat(routes.user()).isEqualTo("alice");
        assertThat(routes.services())
                .containsExactly(
                        java.util.Map.entry("echo", URI.create("https://e:2")),
                        java.util.Map.entry("model", URI.create("https://m:1")));
        assertThat(routes.isServing()).isTrue();
        assertThat(parse("{\"session\":\"s1\",\"user\":\"a\",\"state\":\"CLOSING\"}")
                        .isServing())
                .isFalse();
    }

    @Test
    void anAnswerWithoutWhatTheRelayNeedsIsRefused() {
        assertThatThrownBy(() -> parse("{\"session\":\"s1\",\"state\":\"RUNNING\"}"))
                .hasMessageContaining("no 'user'");
        assertThatThrownBy(
                        () -> parse(
                                "{\"session\":\"s1\",\"user\":\"a\",\"state\":\"RUNNING\",\"services\":{\"e\":\"http://e:1\"}}"))
                .hasMessageContaining("not an https URL");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theParticipantsAreReadAndAnAnswerWithoutThemHasNone() throws IOException {
        Routes shared = parse("{\"session\":\"s1\",\"user\":\"alice\",\"participants\":[\"carol\",\"bob\"],"
                + "\"state\":\"RUNNING\"}");
        Routes older = parse("{\"session\":\"s1\",\"user\":\"alice\",\"state\":\"RUNNING\"}");

        assertThat(shared.participants()).containsExactly("carol", "bob");
        assertThat(shared.isOpenerOrParticipant("carol")).isTrue();
        assertThat(shared.isOpenerOrParticipant("alice")).isTrue();
        assertThat(shared.isOpenerOrParticipant("mallory")).isFalse();
        assertThat(older.participants()).isEmpty();
        assertThatThrownBy(() ->
                        parse("{\"session\":\"s1\",\"user\":\"a\",\"participants\":\"carol\",\"state\":\"RUNNING\"}"))
                .hasMessageContaining("'participants' that is not an array");
        assertThatThrownBy(
                        () -> parse("{\"session\":\"s1\",\"user\":\"a\",\"participants\":[1],\"state\":\"RUNNING\"}"))
                .hasMessageContaining("a participant that is not a user name");
    }
}
