package org.opentwinj.platform.exit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The exit codes a script can rely on: one meaning per number, none that a shell gives its own meaning. */
class ExitCodeTest {
    @Test
    void everyCodeIsItsOwnNumberWithAMeaning() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code))
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code)
                        .as("126 and above mean 'cannot run' and signals to a shell")
                        .isBetween(0, 125));
        assertThat(ExitCode.values())
                .allSatisfy(code -> assertThat(code.meaning()).isNotBlank());
    }

    @Test
    void aFollowedJobThatFailedOrWasCancelledIsNotARefusedRequest() {
        assertThat(ExitCode.JOB_FAILED.code()).isEqualTo(10);
        assertThat(ExitCode.JOB_CANCELLED.code()).isEqualTo(11);
    }
}
