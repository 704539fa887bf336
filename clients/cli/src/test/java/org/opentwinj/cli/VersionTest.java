package org.opentwinj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version, answered before the command tree is built: the same answer picocli gives. */
class VersionTest {
    @Test
    void theQuickAnswerIsPicoclisAnswer() {
        for (String flag : List.of("--version", "-V")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = OpenTwinCli.execute(
                    new String[] {flag},
                    Map.of(),
                    List.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]));

            assertThat(code).isZero();
            assertThat(OpenTwinCli.isVersionRequest(new String[] {flag})).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo(OpenTwinCli.versionLine() + System.lineSeparator());
        }
        assertThat(OpenTwinCli.versionLine()).startsWith("opentwin ").contains("(Java " + Runtime.version() + ")");
    }

    @Test
    void onlyTheVersionAloneIsAnsweredEarly() {
        assertThat(OpenTwinCli.isVersionRequest(new String[] {})).isFalse();
        assertThat(OpenTwinCli.isVersionRequest(new String[] {"up", "--version"}))
                .isFalse();
        assertThat(OpenTwinCli.isVersionRequest(new String[] {"--version", "--help"}))
                .isFalse();
        assertThat(OpenTwinCli.isVersionRequest(new String[] {"--versions"})).isFalse();
    }
}
