package org.opentwinj.services.gss.lss;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.testing.TestClock;

class HeartbeatsReceivedTest {
    private final TestClock clock = new TestClock();
    private final HeartbeatsReceived received = new HeartbeatsReceived();

    @Test
    void anLssIsAliveWhileItsCallIsHandledAndThenAsOfItsArrival() {
        Instant arrival = clock.instant();
        assertThat(received.lastSignOfLife("a", arrival)).isEmpty();

        HeartbeatsReceived.Arrival call = received.arrived("a", arrival);
        // Its handling waits for a stalled database: the LSS is not silent meanwhile.
        clock.advance(Duration.ofSeconds(30));
        assertThat(received.lastSignOfLife("a", clock.instant())).contains(clock.instant());

        call.close();
        assertThat(received.lastSignOfLife("a", clock.instant())).contains(arrival);
    }

    @Test
    void aLaterArrivalWinsAndAnEarlierOneReportedLateDoesNotGoBack() {
        Instant first = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        received.arrived("a", clock.instant()).close();
        received.arrived("a", first).close();
        assertThat(received.lastSignOfLife("a", clock.instant())).contains(clock.instant());
    }

    @Test
    void aForgottenLssIsKeptWhileACallOfItIsHandled() {
        HeartbeatsReceived.Arrival call = received.arrived("a", clock.instant());
        received.forget("a");
        assertThat(received.lastSignOfLife("a", clock.instant())).isPresent();
        call.close();
        received.forget("a");
        assertThat(received.lastSignOfLife("a", clock.instant())).isEmpty();
    }
}
