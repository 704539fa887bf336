package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run/platform.json}: down and status act only on the processes up started, not on others that got their ids. */
class PlatformStateTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedProcessIsFoundAgainAfterAWriteAndRead() {
        ProcessHandle self = ProcessHandle.current();
        PlatformState.of(
                        self,
                        List.of(PlatformState.service(
                                "logger", self, URI.create("https://127.0.0.1:8090"), "logger.log")))
                .write(dir.resolve("platform.json"));

        PlatformState read = PlatformState.read(dir.resolve("platform.json")).orElseThrow();
        assertThat(read.isRunning()).isTrue();
        assertThat(read.services().getFirst().process()).contains(self);
    }

    @Test
    void aProcessIdNowHeldByAnotherProcessIsNotTakenForThePlatforms() {
        ProcessHandle self = ProcessHandle.current();
        java.time.Instant earlier = self.info().startInstant().orElseThrow().minus(Duration.ofHours(1));
        PlatformState stale = new PlatformState(
                self.pid(),
                earlier,
                List.of(new PlatformState.RunningService(
                        "logger", self.pid(), earlier, URI.create("https://127.0.0.1:8090"), "logger.log")));

        assertThat(stale.isRunning())
                .as("up is gone; its id belongs to another process now")
                .isFalse();
        assertThat(stale.services().getFirst().process()).isEmpty();
    }

    @Test
    void aFileFromAnOlderVersionWithoutStartTimesIsStillRead() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("platform.json"), """
                {"pid": %d, "services": [{"name": "logger", "pid": %d, "url": "https://127.0.0.1:8090", "log": "logger.log"}]}
                """.formatted(
                        ProcessHandle.current().pid(), ProcessHandle.current().pid()));
        assertThat(PlatformState.read(dir.resolve("platform.json"))
                        .orElseThrow()
                        .isRunning())
                .isTrue();
    }
}
