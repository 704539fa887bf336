package org.opentwinj.cli.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerHealthCheckTest {
    @TempDir
    Path proc;

    @Test
    void probesThePortOfTheContainersServiceNotOfTheSessionServicesItStarted() throws IOException {
        process(
                1,
                "/opt/opentwin/jre/bin/java",
                "@/opt/opentwin/jvm.options",
                ContainerHealthCheck.MAIN_CLASS,
                "run",
                "lss",
                "--service-url",
                "https://lss:8093");
        process(
                40,
                "/opt/opentwin/jre/bin/java",
                ContainerHealthCheck.MAIN_CLASS,
                "run",
                "echo",
                "--service-url",
                "https://lss:20001",
                "--session-id",
                "s1");
        Files.createDirectories(proc.resolve("self"));
        assertThat(ContainerHealthCheck.servicePort(proc, Map.of())).hasValue(8093);
    }

    @Test
    void takesTheUrlFromTheFlagWithEqualsOrTheEnvironment() throws IOException {
        process(7, "java", ContainerHealthCheck.MAIN_CLASS, "run", "gss", "--service-url=https://gss:8091");
        assertThat(ContainerHealthCheck.servicePort(proc, Map.of("OPEN_TWIN_SERVICE_URL", "https://x:1")))
                .hasValue(8091);
        Files.delete(proc.resolve("7/cmdline"));
        assertThat(ContainerHealthCheck.servicePort(proc, Map.of("OPEN_TWIN_SERVICE_URL", "https://auth:8092")))
                .hasValue(8092);
        assertThat(ContainerHealthCheck.servicePort(proc, Map.of("OPEN_TWIN_SERVICE_URL", "https://auth")))
                .hasValue(443);
        assertThat(ContainerHealthCheck.servicePort(proc, Map.of())).isEmpty();
        assertThatThrownBy(() -> ContainerHealthCheck.servicePort(proc, Map.of("OPEN_TWIN_SERVICE_URL", "not a url")))
                .hasMessageContaining("invalid service URL 'not a url'");
    }

    private void process(int pid, String... args) throws IOException {
        Path directory = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.write(directory.resolve("cmdline"), (String.join("\0", args) + "\0").getBytes(StandardCharsets.UTF_8));
    }
}
