package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void theTokenComesFromTheAuthorizationHeader() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(HeaderNames.AUTHORIZATION, "bearer abc.def.ghi");

        Handshake handshake = Handshake.of(UriQuery.create("session=s-1"), headers);

        assertThat(handshake).isEqualTo(new Handshake("s-1", "abc.def.ghi", false));
        assertThat(handshake.responseHeaders()).isEmpty();
        assertThat(handshake.toString()).doesNotContain("abc");
    }

    @Test
    void aBrowserOffersTheTokenAsSubprotocolAndOnlyOursIsAnswered() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(Handshake.SUBPROTOCOL, "opentwin.v1, bearer.abc.def.ghi");

        Handshake handshake = Handshake.of(UriQuery.create("session=s-1"), headers);

        assertThat(handshake).isEqualTo(new Handshake("s-1", "abc.def.ghi", true));
        assertThat(handshake.responseHeaders().orElseThrow().values(Handshake.SUBPROTOCOL))
                .containsExactly("opentwin.v1");
    }

    @Test
    void nothingGivenMeansNoSessionAndNoToken() {
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(HeaderNames.AUTHORIZATION, "Basic dXNlcjpwdw==");

        assertThat(Handshake.of(UriQuery.create("session="), headers)).isEqualTo(new Handshake(null, null, false));
        assertThat(Handshake.of(UriQuery.empty(), WritableHeaders.create()))
                .isEqualTo(new Handshake(null, null, false));
    }
}
