package org.opentwinj.services.lss.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.local.LocalProcessSpawner;

/**
 * Pooled JVMs as real processes: a shell script stands for {@code opentwin run --pooled} (it
 * creates its warm file, reads one line from its input and writes it where the test can read it).
 */
class LocalPoolMembersTest {
    /** Its arguments: $1 run, $2 --pooled, $3 --pool-warm-file, $4 the file. */
    private static final String POOLED =
            "touch \"$4\"; read line; printf '%s' \"$line\" > \"$4.assigned\"; exec sleep 60";

    private static final List<String> LAUNCHER = List.of("sh", "-c", POOLED, "pooled");

    @TempDir
    Path work;

    private final LocalProcessSpawner spawner = new LocalProcessSpawner();
    private final List<PoolMember> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(PoolMember::stop);
    }

    private PoolMember start(LocalPoolMembers members, int number) {
        PoolMember member = members.start(number);
        started.add(member);
        return member;
    }

    @Test
    void aPooledProcessWarmsUpTakesItsAssignmentOnItsInputAndIsThenTheSpawnersToStop() throws IOException {
        LocalPoolMembers members =
                new LocalPoolMembers(spawner, LAUNCHER, List.of(), work, 0, LocalPoolMembers.WarmupDatabase.NONE);
        PoolMember member = start(members, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(member::isWarm);
        assertThat(member.isAlive()).isTrue();
        PoolAssignment assignment = new PoolAssignment(
                List.of("model", "--session-id", "s1", "--session-service", "model"), Map.of("OPEN_TWIN_X", "1"));

        Path serviceLog = work.resolve("logs").resolve("s1-model.log");
        SpawnHandle handle = member.assign(request("s1", "model", serviceLog), assignment);

        Path assigned = work.resolve("pool").resolve("jvm-1.warm.assigned");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        Files.exists(assigned) && !Files.readString(assigned).isEmpty());
        assertThat(Files.readString(assigned)).isEqualTo(assignment.toLine());
        assertThat(handle.session()).isEqualTo("s1");
        assertThat(handle.service()).isEqualTo("model");
        assertThat(handle.state().values())
                .containsEntry("session", "s1")
                .containsEntry("logFile", serviceLog.toString());
        assertThat(serviceLog).as("the pool's log, renamed to the service's").exists();
        assertThat(work.resolve("logs").resolve("pool-1.log")).doesNotExist();
        assertThat(spawner.poll(handle)).isEmpty();
        assertThat(spawner.stop(handle, Duration.ofSeconds(5)))
                .as("its exit code is known")
                .isPresent();
        assertThat(spawner.poll(handle)).isPresent();
    }

    @Test
    void aMemberIsAssignedOnceOnlyAndARestartedServicesLogIsKept() throws IOException {
        LocalPoolMembers members =
                new LocalPoolMembers(spawner, LAUNCHER, List.of(), work, 0, LocalPoolMembers.WarmupDatabase.NONE);
        PoolMember member = start(members, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(member::isWarm);
        PoolAssignment assignment = new PoolAssignment(List.of("echo"), Map.of());
        Path earlier = Files.createDirectories(work.resolve("logs")).resolve("s1-echo.log");
        Files.writeString(earlier, "the service's earlier start\n");
        SpawnHandle handle = member.assign(request("s1", "echo", earlier), assignment);
        assertThat(handle.state().values())
                .as("a restarted service's earlier log is kept")
                .containsEntry(
                        "logFile", work.resolve("logs").resolve("pool-1.log").toString());
        assertThat(earlier).hasContent("the service's earlier start");
        try {
            assertThatThrownBy(() -> member.assign(request("s2", "echo", earlier), assignment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assigned already");
        } finally {
            spawner.stop(handle, Duration.ofSeconds(5));
        }
    }

    private ProcessRequest request(String session, String service, Path log) {
        return new ProcessRequest(session, service, List.of("java"), Map.of(), work, log);
    }

    @Test
    void aPooledJvmGetsTheDatabaseUrlAndTheCaBundleForItsWarmUpButNoOtherSettingOfTheLss() throws IOException {
        // The script writes its arguments and the variables named OPEN_TWIN_* it sees, then says it is warm.
        String script =
                "echo \"$@\" > \"$4.args\"; env | grep '^OPEN_TWIN_' | sort > \"$4.env\"; touch \"$4\"; exec sleep 60";
        Path ca = Files.writeString(work.resolve("ca.pem"), "not read by the script");
        LocalPoolMembers members = new LocalPoolMembers(
                spawner,
                List.of("sh", "-c", script, "pooled"),
                List.of(),
                work,
                0,
                new LocalPoolMembers.WarmupDatabase(
                        Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://db.example:27017/opentwin?tls=true"),
                        Optional.of(ca)));
        PoolMember member = start(members, 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(member::isWarm);
        Path warm = work.resolve("pool").resolve("jvm-2.warm");

        assertThat(Files.readString(Path.of(warm + ".args")).strip())
                .isEqualTo("run --pooled --pool-warm-file " + warm + " --pool-ca " + ca);
        String variables = Files.readString(Path.of(warm + ".env"));
        assertThat(variables).contains("OPEN_TWIN_DATABASE_URL=mongodb://db.example:27017/opentwin?tls=true");
        assertThat(variables.lines().filter(line -> !line.startsWith("OPEN_TWIN_DATABASE_URL=")))
                .as("the LSS's own settings stay with it")
                .isEmpty();
    }

    @Test
    void pooledProcessesStartNiced() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        assumeTrue(Files.exists(stat), "needs /proc");
        LocalPoolMembers members = new LocalPoolMembers(
                spawner,
                List.of("sh", "-c", "touch \"$4\"; echo $$ > \"$4.pid\"; exec sleep 60", "pooled"),
                List.of(),
                work,
                7,
                LocalPoolMembers.WarmupDatabase.NONE);
        PoolMember member = start(members, 3);
        Path pid = work.resolve("pool").resolve("jvm-3.warm.pid");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        String status = Files.readString(Path.of("/proc", Files.readString(pid).strip(), "stat"));
        // After the command name in parentheses: state is the 3rd field, nice the 19th.
        String[] fields = status.substring(status.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[19 - 3]).isEqualTo("7");
        assertThat(member.isAlive()).isTrue();
    }

    @Test
    void theAssignmentIsWhatTheRequestWouldRunAfterRun() {
        LocalPoolMembers members = new LocalPoolMembers(
                spawner,
                List.of("/jdk/bin/java", "-cp", "lib/*", "Main"),
                List.of("-Xss512k"),
                work,
                0,
                LocalPoolMembers.WarmupDatabase.NONE);
        ProcessRequest request = new ProcessRequest(
                "s1",
                "model",
                List.of("/jdk/bin/java", "-Xss512k", "-cp", "lib/*", "Main", "run", "model", "--session-id", "s1"),
                Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://db"),
                work,
                work.resolve("s1-model.log"));

        assertThat(members.assignment(request))
                .contains(new PoolAssignment(
                        List.of("model", "--session-id", "s1"), Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://db")));
    }

    @Test
    void aRequestWithOtherJvmOptionsOrAnotherProgramIsNotForThePool() {
        LocalPoolMembers members = new LocalPoolMembers(
                spawner,
                List.of("/jdk/bin/java", "-cp", "lib/*", "Main"),
                List.of("-Xss512k"),
                work,
                0,
                LocalPoolMembers.WarmupDatabase.NONE);
        for (List<String> command : List.of(
                List.of("/jdk/bin/java", "-Xss1m", "-cp", "lib/*", "Main", "run", "model"),
                List.of("/other/java", "-Xss512k", "-cp", "lib/*", "Main", "run", "model"),
                List.of("/jdk/bin/java", "-Xss512k", "-cp", "lib/*", "Main", "run"),
                List.of("/jdk/bin/java", "-Xss512k", "-cp", "lib/*", "Main", "certs", "model"))) {
            ProcessRequest request =
                    new ProcessRequest("s1", "model", command, Map.of(), work, work.resolve("s1-model.log"));
            assertThat(members.assignment(request)).as(command.toString()).isEmpty();
        }
    }
}
