package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A relay that cannot be reached is named with a reason, never "null" (the JDK's connect failures have none). */
class RelayConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void aRefusedConnectionSaysSo() {
        assertThat(RelayConnection.whyUnreachable(
                        new ExecutionException(new IOException(new ConnectException())), TIMEOUT))
                .isEqualTo("connection refused");
    }

    @Test
    void aTimeoutNamesItsLength() {
        assertThat(RelayConnection.whyUnreachable(new TimeoutException(), TIMEOUT))
                .isEqualTo("no connection within 20 s");
    }

    @Test
    void otherwiseTheFirstMessageOrTheKindOfFailure() {
        assertThat(RelayConnection.whyUnreachable(
                        new ExecutionException(new IOException("handshake failed", new IOException())), TIMEOUT))
                .isEqualTo("handshake failed");
        assertThat(RelayConnection.whyUnreachable(new ExecutionException(new IllegalStateException()), TIMEOUT))
                .isEqualTo("IllegalStateException");
    }
}
