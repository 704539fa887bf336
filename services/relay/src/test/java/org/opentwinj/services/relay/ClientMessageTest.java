package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientMessageTest {
    @Test
    void aRequestKeepsItsIdAsGiven() {
        ClientMessage.Request request = (ClientMessage.Request) ClientMessage.parse(
                "{\"id\":\"a-1\",\"service\":\"model\",\"message\":{\"action\":\"Model.Get\",\"entity\":3}}");

        assertThat(request.id().asText()).isEqualTo("a-1");
        assertThat(request.service()).isEqualTo("model");
        assertThat(request.message().toString()).isEqualTo("{\"action\":\"Model.Get\",\"entity\":3}");
        assertThat(((ClientMessage.Request)
                                ClientMessage.parse("{\"id\":12.5,\"service\":\"m\",\"message\":{\"action\":\"A\"}}"))
                        .id()
                        .isNumber())
                .isTrue();
    }

    @Test
    void aTokenRenewalIsNeverShownInFull() {
        ClientMessage renewal = ClientMessage.parse("{\"type\":\"token\",\"token\":\"secret.jwt.value\"}");

        assertThat(renewal).isEqualTo(new ClientMessage.TokenRenewal("secret.jwt.value"));
        assertThat(renewal.toString()).doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{oops                                                   | malformed JSON at line 1, column 2",
                "[1,2]                                                   | expected a JSON object",
                "{\"a\":1,\"a\":2}                                       | malformed JSON at line 1",
                "{\"service\":\"m\",\"message\":{\"action\":\"A\"}}       | missing field 'id'",
                "{\"id\":true,\"service\":\"m\",\"message\":{}}           | field 'id' must be a number or a string",
                "{\"id\":1,\"message\":{\"action\":\"A\"}}                 | missing field 'service'",
                "{\"id\":1,\"service\":\"\",\"message\":{\"action\":\"A\"}} | field 'service' must be a non-empty string",
                "{\"id\":1,\"service\":\"m\"}                             | missing field 'message'",
                "{\"id\":1,\"service\":\"m\",\"message\":[]}              | field 'message' must be an object",
                "{\"id\":1,\"service\":\"m\",\"message\":{\"x\":1}}       | missing field 'message.action'",
                "{\"id\":1,\"service\":\"m\",\"message\":{\"action\":7}}  | field 'message.action' must be a non-empty string",
                "{\"id\":1,\"service\":\"m\",\"message\":{\"action\":\"A\"},\"extra\":0} | unknown field 'extra'",
                "{\"type\":\"hello\"}                                      | unknown message type \"hello\"",
                "{\"type\":\"token\"}                                      | missing field 'token'",
                "{\"type\":\"token\",\"token\":\"t\",\"user\":\"x\"}       | unknown field 'user'",
            })
    void aMalformedMessageIsRefusedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> ClientMessage.parse(text))
                .isInstanceOf(ClientMessage.Malformed.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void theIdOfARefusedRequestIsKeptWhenItCouldBeRead() {
        assertThatThrownBy(() -> ClientMessage.parse("{\"id\":9,\"service\":\"m\"}"))
                .isInstanceOfSatisfying(
                        ClientMessage.Malformed.class,
                        e -> assertThat(e.id().asInt()).isEqualTo(9));
        assertThatThrownBy(() -> ClientMessage.parse("{\"id\":[],\"service\":\"m\"}"))
                .isInstanceOfSatisfying(
                        ClientMessage.Malformed.class, e -> assertThat(e.id()).isNull());
    }
}
