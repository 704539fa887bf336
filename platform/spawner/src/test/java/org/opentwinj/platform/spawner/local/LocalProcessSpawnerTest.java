package org.opentwinj.platform.spawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;

/** The spawner contract, with real processes that sleep, crash and ignore SIGTERM. */
class LocalProcessSpawnerTest {
    @TempDir
    Path work;

    private final LocalProcessSpawner spawner = new LocalProcessSpawner();
    private final List<String> progress = new ArrayList<>();
    private final List<SpawnHandle> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(handle -> spawner.stop(handle, Duration.ZERO));
    }

    private SpawnHandle start(String service, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FakeService.class.getName()));
        command.addAll(List.of(args));
        SpawnHandle handle = spawner.start(
                new ProcessRequest("s-1", service, command, environment, work, work.resolve(service + ".log")),
                progress::add);
        started.add(handle);
        return handle;
    }

    private void awaitLog(String service, String text) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(work.resolve(service + ".log"))
                        && Files.readString(work.resolve(service + ".log")).contains(text));
    }

    @Test
    void runningProcessPollsEmptyAndStopsCleanlyWithinGrace() {
        SpawnHandle handle = start("modeling", Map.of(), "sleep");
        awaitLog("modeling", "sleeping");

        assertThat(spawner.poll(handle)).isEmpty();
        assertThat(progress)
                .singleElement()
                .asString()
                .startsWith("modeling: process ")
                .endsWith(" started");

        Optional<Integer> code = spawner.stop(handle, Duration.ofSeconds(10));
        assertThat(code).hasValue(143);
        assertThat(ProcessHandle.of(Long.parseLong(handle.state().values().get("pid"))))
                .isEmpty();
    }

    @Test
    void crashIsSeenWithItsExitCode() {
        SpawnHandle handle = start("fittd", Map.of(), "crash", "7", "200");

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> spawner.poll(handle).isPresent());

        assertThat(spawner.poll(handle)).hasValue(new ExitStatus(7));
    }

    @Test
    void processIgnoringSigtermIsKilledAfterTheGracePeriod() {
        SpawnHandle handle = start("kriging", Map.of(), "stubborn");
        awaitLog("kriging", "stubborn");

        Optional<Integer> code = spawner.stop(handle, Duration.ofMillis(700));

        // SIGTERM came first and was ignored; then the process was killed (128 + 9).
        awaitLog("kriging", "ignoring SIGTERM");
        assertThat(code).hasValue(137);
    }

    @Test
    void environmentReachesTheChild() {
        start("visualization", Map.of("OPEN_TWIN_SITE_ID", "site-9"), "env", "OPEN_TWIN_SITE_ID");

        awaitLog("visualization", "OPEN_TWIN_SITE_ID=site-9");
    }

    @Test
    void itRunsInTheRequestedDirectory() throws Exception {
        Path directory = Files.createDirectories(work.resolve("run-here"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FakeService.class.getName(),
                "pwd"));
        started.add(spawner.start(
                new ProcessRequest("s-1", "model", command, Map.of(), directory, work.resolve("model.log")),
                progress::add));

        awaitLog("model", "pwd=" + directory.toRealPath());
    }

    @Test
    void theLastWordsAreTheLastErrorOfItsLogAlsoForAReattachedSpawner() {
        SpawnHandle handle = start("mesh", Map.of(), "fail", "no mesh for an empty model");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> spawner.poll(handle).isPresent());

        assertThat(spawner.lastWords(handle)).hasValue("no mesh for an empty model");
        // The state names the log: an LSS that restarted finds the reason too.
        assertThat(new LocalProcessSpawner().lastWords(new SpawnHandle("s-1", "mesh", handle.state())))
                .hasValue("no mesh for an empty model");
        assertThat(spawner.lastWords(new SpawnHandle("s-1", "mesh", new SpawnState("local", Map.of("pid", "1")))))
                .isEmpty();
    }

    @Test
    void aNewSpawnerReattachesFromTheStateAndCanStopTheProcess() {
        SpawnHandle handle = start("modeling", Map.of(), "sleep");
        awaitLog("modeling", "sleeping");
        SpawnState persisted = new SpawnState(
                handle.state().spawner(), Map.copyOf(handle.state().values()));

        LocalProcessSpawner afterRestart = new LocalProcessSpawner();
        SpawnHandle again = afterRestart.reattach(persisted).orElseThrow();

        assertThat(again.session()).isEqualTo("s-1");
        assertThat(again.service()).isEqualTo("modeling");
        assertThat(afterRestart.poll(again)).isEmpty();
        assertThat(afterRestart.stop(again, Duration.ofSeconds(10)))
                .as("exit code unknown to a reattached spawner")
                .isEmpty();
        assertThat(afterRestart.poll(again)).hasValue(ExitStatus.UNKNOWN);
        assertThat(afterRestart.reattach(persisted)).isEmpty();
    }

    @Test
    void aReusedPidIsNotMistakenForTheService() {
        long myPid = ProcessHandle.current().pid();
        SpawnState wrongStart = new SpawnState("local", Map.of("pid", Long.toString(myPid), "startedAtMillis", "1000"));

        assertThat(spawner.reattach(wrongStart)).isEmpty();
        assertThat(spawner.reattach(new SpawnState("kubernetes", Map.of()))).isEmpty();
    }

    @Test
    void unlaunchableCommandIsASpawnException() {
        ProcessRequest request = new ProcessRequest(
                "s-1",
                "ghost",
                List.of(work.resolve("no-such-binary").toString()),
                Map.of(),
                work,
                work.resolve("ghost.log"));

        assertThatThrownBy(() -> spawner.start(request, progress::add))
                .isInstanceOf(SpawnException.class)
                .hasMessageStartingWith("cannot start ghost: ");
    }
}
