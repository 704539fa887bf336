package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.launcher.CommonSettings;

/** The README's promises match the code: two quick-start commands, the exit codes, the flags. */
class ReadmeIT {
    private final String readme = read();

    private static String read() {
        try {
            return Files.readString(Repository.root().resolve("README.md"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void quickStartHasExactlyTwoCommandsAndCiRunsTheTestOne() throws Exception {
        Matcher block = Pattern.compile("## Quick start.*?```sh\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).isTrue();
        List<String> commands = block.group(1)
                .lines()
                .map(l -> l.replaceAll("#.*", "").trim())
                .filter(l -> !l.isEmpty())
                .toList();
        assertThat(commands).containsExactly("./opentwin up", "./opentwin test");
        assertThat(Files.readString(Repository.root().resolve(".ci/run"))).contains("\n./opentwin test\n");
    }

    @Test
    void exitCodeTableListsEveryCodeWithItsMeaning() {
        for (ExitCode code : ExitCode.values()) {
            assertThat(readme).contains("| " + code.code() + " | " + code.name() + " | " + code.meaning() + " |");
        }
        assertThat(Pattern.compile("^\\| \\d+ \\| [A-Z_]+ \\|", Pattern.MULTILINE)
                        .matcher(readme)
                        .results()
                        .count())
                .isEqualTo(ExitCode.values().length);
    }

    @Test
    void configurationTableListsEveryFlagWithItsVariable() {
        for (Setting<?> setting : CommonSettings.ALL) {
            assertThat(readme).contains("| `" + setting.flag() + "` | `" + setting.environmentVariable() + "` |");
        }
    }
}
