package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code down}'s search: harmless java processes that look like the platform's (a service
 * naming its certificate in the data directory, a session service running in {@code lss/}),
 * whose parent was killed as a crashed {@code up} would be.
 */
class PlatformProcessesTest {
    @TempDir
    Path data;

    @TempDir
    Path otherData;

    private Process parent;
    private List<ProcessHandle> children = List.of();

    @AfterEach
    void cleanUp() {
        if (parent != null) {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void findsTheOrphansOfThisDataDirectoryInStopOrderAndStopsThem() throws Exception {
        Files.createDirectories(data.resolve("lss"));
        String child = javaChild();
        parent = new ProcessBuilder(
                        "sh",
                        "-c",
                        child + " run database --database-dir " + data.resolve("db") + " & "
                                + child + " run gss --cert " + data.resolve("pki/gss.pem") + " & "
                                + "(cd " + data.resolve("lss") + " && exec " + child + " run echo --session-id s1) & "
                                // A user's command in the same directory is not the platform's.
                                + "(cd " + data.resolve("lss") + " && exec " + child + " session list) & "
                                + child + " run gss --cert " + otherData.resolve("pki/gss.pem") + " & "
                                + child + " logs --data-dir " + data + " & "
                                + "wait")
                .start();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        javaDescendants() == 6 && PlatformProcesses.find(data).size() == 3);
        children = parent.descendants().toList();
        parent.destroyForcibly().waitFor();
        List<PlatformProcesses.Found> found = PlatformProcesses.find(data);

        assertThat(found)
                .extracting(PlatformProcesses.Found::role)
                .containsExactly("session service", "gss", "database");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PlatformProcesses.stop(found, Duration.ofSeconds(30), new PrintStream(output, true, StandardCharsets.UTF_8));
        assertThat(found).allSatisfy(f -> assertThat(f.process().isAlive()).isFalse());
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("stopping session service (pid "
                        + found.get(0).process().pid() + ")")
                .contains("stopping database (pid ");
        assertThat(PlatformProcesses.find(data)).isEmpty();
        // Another data directory's platform and a user's commands run on.
        assertThat(children.stream().filter(ProcessHandle::isAlive).count()).isEqualTo(3);
    }

    @Test
    void programArgumentsComeAfterTheJvmOptionsAndTheMainClass() {
        assertThat(PlatformProcesses.programArguments(
                        List.of("-Xmx1g", "-cp", "a.jar:b.jar", "org.opentwinj.cli.OpenTwinCli", "run", "gss")))
                .containsExactly("run", "gss");
        assertThat(PlatformProcesses.programArguments(List.of("-jar", "opentwin.jar", "up", "--data-dir", "/x")))
                .containsExactly("up", "--data-dir", "/x");
        assertThat(PlatformProcesses.programArguments(List.of("-version"))).isEmpty();
    }

    private long javaDescendants() {
        return parent.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .count();
    }

    /** A JVM that sleeps: its class path is this test's, its main class {@link SleepingChild} (quoted: a '$'). */
    private static String javaChild() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return java + " -Xmx32m -cp '" + System.getProperty("java.class.path") + "' '" + SleepingChild.class.getName()
                + "'" + " </dev/null >/dev/null 2>&1";
    }

    /** Sleeps until killed, whatever its arguments. */
    public static final class SleepingChild {
        private SleepingChild() {}

        public static void main(String[] arguments) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(10));
        }
    }
}
