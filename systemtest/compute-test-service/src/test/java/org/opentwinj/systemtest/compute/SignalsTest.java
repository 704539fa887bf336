package org.opentwinj.systemtest.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class SignalsTest {
    @Test
    void aSineIsSampledOverOneSecond() {
        float[] s = Signals.make(2, 1, 4, "rectangular", false, new double[0]);
        // sin(0), sin(pi/2), sin(pi), sin(3pi/2)
        assertThat(s[0]).isCloseTo(0f, within(1e-6f));
        assertThat(s[1]).isCloseTo(2f, within(1e-6f));
        assertThat(s[2]).isCloseTo(0f, within(1e-6f));
        assertThat(s[3]).isCloseTo(-2f, within(1e-6f));
    }

    @Test
    void normalisingScalesThePeakToOneAndExtraSamplesFollow() {
        float[] s = Signals.make(5, 1, 4, "rectangular", true, new double[] {7, 8});
        assertThat(s).hasSize(6);
        assertThat(s[1]).isCloseTo(1f, within(1e-6f));
        assertThat(s[4]).isEqualTo(7f);
        assertThat(s[5]).isEqualTo(8f);
    }

    @Test
    void theHannWindowIsZeroAtBothEnds() {
        assertThat(Signals.window("hann", 0, 9)).isCloseTo(0, within(1e-12));
        assertThat(Signals.window("hann", 4, 9)).isCloseTo(1, within(1e-12));
        assertThat(Signals.window("hann", 8, 9)).isCloseTo(0, within(1e-12));
    }

    @Test
    void scaleAndSumWorkSampleBySampleAndRefuseUnequalLengths() {
        float[] a = {1, 2, 3};
        assertThat(Signals.scale(a, -2)).containsExactly(-2, -4, -6);
        assertThat(Signals.sum(List.of(a, a))).containsExactly(2, 4, 6);
        assertThatThrownBy(() -> Signals.sum(List.of(a, new float[] {1})))
                .isInstanceOf(PublicException.class)
                .hasMessageContaining("signals of 3 and 1 samples cannot be summed");
    }

    @Test
    void aSignalsPayloadIsAFloat32ArrayInVoltsThatReadsBack() {
        float[] a = {1.5f, -2.25f};
        byte[] payload = Signals.encode(a);
        assertThat(Signals.decode(payload, "e-1")).containsExactly(1.5f, -2.25f);
        assertThatThrownBy(() -> Signals.decode(new byte[] {1, 2, 3}, "e-2"))
                .isInstanceOf(PublicException.class)
                .hasMessageStartingWith("entity e-2 is not a signal");
    }
}
