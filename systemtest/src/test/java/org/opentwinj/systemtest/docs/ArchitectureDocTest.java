package org.opentwinj.systemtest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentwinj.systemtest.kubernetes.RepositoryFiles;

/** docs/architecture.md lists every module of the root pom, each with what it owns. */
class ArchitectureDocTest {
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void theModuleTableListsEveryModuleOfTheRootPom() throws IOException {
        Path root = RepositoryFiles.root();
        List<String> modules = MODULE.matcher(Files.readString(root.resolve("pom.xml")))
                .results()
                .map(match -> match.group(1))
                .toList();
        String architecture = Files.readString(root.resolve("docs/architecture.md"));

        assertThat(modules).as("the root pom's modules").hasSizeGreaterThan(20);
        for (String module : modules) {
            assertThat(architecture)
                    .as("docs/architecture.md has a row for %s, saying what it owns", module)
                    .containsPattern("(?m)^\\| `" + Pattern.quote(module) + "` \\| \\S");
        }
    }
}
