package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web client end to end, as a user runs it: {@code opentwin up}, then
 * {@code clients/web/e2e/flow.mjs} drives Debian's Chromium through playwright-core (log in,
 * users and groups, projects, a transfer, a session whose services become ready, an entity
 * added through the relay, undo, labels, logs, a dropped websocket, an expired login, a branch
 * with a triangle mesh, close, log out, another user's projects, a session that fails because
 * its echo service keeps being killed), the toolbar, forms, jobs, typed properties and result
 * plots of the test compute service {@code compute-test} (issue 14), with an accessibility check
 * (axe-core) of every screen.
 * The screenshots of every screen, at 1280x800 and 390x844, are kept in
 * {@code clients/cli/target/screenshots/} (the distribution's directory).
 *
 * <p>Without Node.js, Chromium, or a web client built with npm, it is skipped with a message
 * that says what to install; it never passes without having run.
 */
class WebClientIT {
    private static final Duration FLOW_TIMEOUT = Duration.ofMinutes(15);
    /** The platform's session types with the test compute service in the default one (the flow's projects use it). */
    private static final String SESSION_TYPES =
            "default=model,echo,compute-test;model=model;echo3=echo-1:echo,echo-2:echo,echo-3:echo";
    /** The built classes of the test compute service and the libraries it needs beyond the distribution's. */
    private static final List<String> COMPUTE_TEST_CLASSES = List.of(
            "systemtest/compute-test-service/target/classes",
            "platform/compute/target/classes",
            "platform/arrays/target/classes");

    @TempDir
    Path work;

    @Test
    void theWholeFlowInHeadlessChromium() throws Exception {
        Path root = Repository.root();
        Path distribution =
                Path.of(System.getProperty("opentwin.distribution", "target")).toAbsolutePath();
        String node = onPath("node");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        skipUnless(node != null, "Node.js is not installed (Debian: apt-get install nodejs npm)");
        skipUnless(
                Files.isExecutable(chromium),
                "there is no Chromium at " + chromium + " (Debian: apt-get install chromium)");
        skipUnless(
                Files.isDirectory(root.resolve("clients/web/node_modules/playwright-core")),
                "the web client's npm packages are not installed: build it with npm on the PATH (./mvnw -pl clients/web install)");
        skipUnless(
                webClientBuilt(distribution),
                "the distribution has no web client (it was built without npm): "
                        + "install Node.js and npm and build again (./opentwin build)");

        Path screenshots = distribution.resolve("screenshots");
        deleteRecursively(screenshots);
        Path data = work.resolve("data");
        int offset = LocalPorts.freeOffset(21_003, 89);
        String password = "web-e2e-" + UUID.randomUUID().toString().substring(0, 12);
        // up passes its environment on to the LSS: a session service that keeps crashing is
        // given up after two restarts, half a second apart then one, so that the flow sees a
        // session fail with its reason within seconds (the defaults take five minutes).
        // The flow's sessions (type default) also run the test compute service, which is not
        // shipped: its classes (and those of the libraries it is built on) are put on the
        // platform's class path with OPEN_TWIN_EXTRA_CLASSPATH.
        Map<String, String> environment = Map.of(
                "OPEN_TWIN_ADMIN_PASSWORD",
                password,
                "OPEN_TWIN_RESTART_LIMIT",
                "2",
                "OPEN_TWIN_RESTART_INITIAL_DELAY_MS",
                "500",
                "OPEN_TWIN_SESSION_TYPES",
                SESSION_TYPES,
                "OPEN_TWIN_EXTRA_CLASSPATH",
                computeTestClassPath(root));
        try (OpenTwinProcess up = OpenTwinProcess.start(
                work, environment, "up", "--data-dir", data.toString(), "--port-offset", Integer.toString(offset))) {
            // The summary's last line: the URLs are printed before it.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(240))
                    .until(() -> up.stdout().contains("stops everything.") || !up.isAlive());
            assertThat(up.isAlive())
                    .as("opentwin up: %s%s", up.stdout(), up.stderr())
                    .isTrue();
            String webUrl = "https://127.0.0.1:" + (8443 + offset);
            assertThat(up.stdout()).contains("web        " + webUrl);

            Path output = work.resolve("e2e.out");
            ProcessBuilder builder = new ProcessBuilder(
                            node, root.resolve("clients/web/e2e/flow.mjs").toString())
                    .directory(root.resolve("clients/web").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("OPEN_TWIN_"));
            builder.environment()
                    .putAll(Map.of(
                            "OPEN_TWIN_WEB_URL",
                            webUrl,
                            "OPEN_TWIN_ADMIN_PASSWORD",
                            password,
                            "OPEN_TWIN_SCREENSHOT_DIR",
                            screenshots.toString(),
                            "CHROMIUM",
                            chromium.toString()));
            Process flow = builder.start();
            boolean finished = flow.waitFor(FLOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                flow.descendants().forEach(ProcessHandle::destroyForcibly);
                flow.destroyForcibly();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(out);
            assertThat(finished)
                    .as("the browser flow ended within %s:%n%s", FLOW_TIMEOUT, out)
                    .isTrue();
            assertThat(flow.exitValue())
                    .as("exit code of the browser flow:%n%s", out)
                    .isZero();
            assertThat(out)
                    .contains("e2e: ok   open the project: the services become ready")
                    .contains("e2e: ok   add an entity through the relay: tree and history")
                    .contains("e2e: ok   undo it")
                    .contains("e2e: ok   the session logs")
                    .contains("e2e: ok   close the session")
                    .contains("e2e: ok   give a project to another user")
                    .contains("e2e: ok   a session whose service keeps crashing fails and says why")
                    .contains("e2e: ok   carol joins read-only: she sees admin’s next change live and cannot edit")
                    .contains("e2e: ok   the owner closes a session carol opened, after a confirmation that names her")
                    .contains("e2e: ok   commands: the toolbar is built from the commands compute-test declares")
                    .contains("e2e: ok   jobs: a long job shows its progress bar and is cancelled")
                    .contains("e2e: ok   typed property grid: an invalid edit is refused before sending")
                    .contains("e2e: ok   binary results: the result made by Signal.Make is drawn")
                    .containsPattern("e2e: all \\d+ steps passed")
                    .doesNotContain("FAIL");
            try (Stream<Path> desktop = Files.list(screenshots.resolve("desktop"));
                    Stream<Path> phone = Files.list(screenshots.resolve("phone"))) {
                long desktopShots = desktop.count();
                assertThat(desktopShots).as("a screenshot of every screen").isGreaterThanOrEqualTo(12);
                assertThat(phone.count()).as("each screen also at 390x844").isEqualTo(desktopShots);
            }

            up.terminate();
            assertThat(up.waitForExit(Duration.ofSeconds(90)))
                    .as("opentwin up stops cleanly")
                    .isZero();
        }
    }

    /** Skips loudly: the reason goes to the test report and to the build's output. */
    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("""

                    ==============================================================
                     WebClientIT SKIPPED: %s
                     The web client's end-to-end test did not run.
                    ==============================================================
                    """.formatted(reason));
        }
        Assumptions.assumeTrue(condition, "WebClientIT skipped: " + reason);
    }

    /** The class path of the test compute service; fails when it was not built (the flow needs it). */
    private static String computeTestClassPath(Path root) {
        Path service = root.resolve(COMPUTE_TEST_CLASSES.getFirst());
        assertThat(service)
                .as("the test compute service is built (./mvnw -pl systemtest -am verify builds it)")
                .isDirectory();
        return COMPUTE_TEST_CLASSES.stream()
                .map(root::resolve)
                .filter(Files::isDirectory)
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Whether the distribution's web client jar carries the built page. */
    private static boolean webClientBuilt(Path distribution) throws IOException {
        try (Stream<Path> jars = Files.list(distribution.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("opentwin-web-client-"))
                    .toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.getEntry("web/index.html") != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
