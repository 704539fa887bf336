package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodeTest {
    @Test
    void aReasonIsCutToWhatFitsIntoACloseFrame() {
        assertThat(CloseCode.fit("short")).isEqualTo("short");
        String longReason = "unknown session " + "ä".repeat(200);

        String fitted = CloseCode.fit(longReason);

        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CloseCode.MAX_REASON_BYTES);
        assertThat(fitted).startsWith("unknown session ä").endsWith("...");
    }

    @Test
    void messageSizesAreCountedInUtf8Bytes() {
        assertThat(RelayListener.utf8Length("abc")).isEqualTo(3);
        assertThat(RelayListener.utf8Length("é€😀")).isEqualTo("é€😀".getBytes(StandardCharsets.UTF_8).length);
    }
}
