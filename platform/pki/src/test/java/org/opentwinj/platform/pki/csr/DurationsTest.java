package org.opentwinj.platform.pki.csr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentwinj.platform.pki.PkiInputException;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "8760h, PT8760H",
        "43800h, PT43800H",
        "90m, PT1H30M",
        "30s, PT30S",
        "1h30m, PT1H30M",
        "1h30m15s, PT1H30M15S",
        "365d, PT8760H",
        "1d12h, PT36H",
        "1.5h, PT1H30M",
        "250ms, PT0.25S",
        "' 2H ', PT2H",
    })
    void parsesGoStyleDurationsAndDays(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "8760", "h", "1y", "-1h", "1h-30m", "1 h", "1.h", "abc", "1w"})
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> Durations.parse("--validity", text))
                .isInstanceOf(PkiInputException.class)
                .hasMessage("--validity '" + text + "' is not a duration: use e.g. 8760h, 90m, 1h30m or 365d");
    }

    @Test
    void refusesZeroAndAbsurdLengths() {
        assertThatThrownBy(() -> Durations.parse("0h"))
                .hasMessage("duration '0h' must be longer than zero: use e.g. 8760h, 90m, 1h30m or 365d");
        assertThatThrownBy(() -> Durations.parse("36501d")).hasMessage("duration '36501d' is longer than 100 years");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999999h"))
                .hasMessageContaining("longer than 100 years");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(PkiInputException.class);
    }

    @Test
    void formatsWhatItParses() {
        assertThat(Durations.format(Duration.ofHours(8760))).isEqualTo("8760h");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.parse(Durations.format(Duration.ofSeconds(3_723)))).isEqualTo(Duration.ofSeconds(3_723));
    }
}
