package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.json.Json;

/**
 * The example client of docs/clients.md, {@code docs/examples/python-client/opentwin_client.py},
 * run by Debian's Python against {@code opentwin up}: Service.Info, login, a project, a session,
 * messages through the relay, a model entity saved and read back, the session closed. The test
 * then reads the entity the client saved through the CLI, so the client's save is checked by a
 * reader other than itself.
 *
 * <p>Without {@code /usr/bin/python3} or its {@code websockets} module the test fails (it does
 * not skip): CI installs Debian's {@code python3-websockets} ({@code .ci/run}).
 */
class PythonClientIT {
    /**
     * Debian's interpreter, the one python3-websockets installs the module for; another one
     * (with websockets installed by pip) through {@code OPEN_TWIN_TEST_PYTHON}.
     */
    private static final Path PYTHON =
            Path.of(System.getenv().getOrDefault("OPEN_TWIN_TEST_PYTHON", "/usr/bin/python3"));

    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern PROJECT = Pattern.compile("(?m)^PROJECT (\\S+) (\\S+)$");
    private static final Pattern ENTITY = Pattern.compile("(?m)^ENTITY (\\S+) Python result$");
    private static final Pattern FOLDER = Pattern.compile("saved folder (\\S+) \\(version 1\\)");

    @TempDir
    Path work;

    @Test
    void theExampleClientRunsTheWholeFlow() throws Exception {
        requirePythonWithWebsockets();
        Path client = Repository.root().resolve("docs/examples/python-client/opentwin_client.py");
        assertThat(client).isRegularFile();

        Path data = work.resolve("data");
        int offset = LocalPorts.freeOffset(22_007, 103);
        String password = "python-it-" + UUID.randomUUID().toString().substring(0, 12);
        try (OpenTwinProcess up = OpenTwinProcess.start(
                work,
                Map.of("OPEN_TWIN_ADMIN_PASSWORD", password),
                "up",
                "--data-dir",
                data.toString(),
                "--port-offset",
                Integer.toString(offset))) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(240))
                    .until(() -> up.stdout().contains("stops everything.") || !up.isAlive());
            assertThat(up.isAlive())
                    .as("opentwin up: %s%s", up.stdout(), up.stderr())
                    .isTrue();
            String gssUrl = "https://127.0.0.1:" + (8091 + offset);

            Run run = runClient(
                    client,
                    Map.of("OPEN_TWIN_PASSWORD", password),
                    "--gss-url",
                    gssUrl,
                    "--ca",
                    data.resolve("pki/ca.pem").toString(),
                    "--project",
                    "python-it");
            assertThat(run.exitCode())
                    .as("exit code of the python client:%n%s", run.output())
                    .isZero();
            assertThat(run.output())
                    .contains("relay https://127.0.0.1:" + (8094 + offset))
                    .contains("logged in as admin")
                    .containsPattern("connect to wss://127\\.0\\.0\\.1:" + (8094 + offset) + "/relay\\?session=\\S+")
                    .contains("welcome: user admin, services ['echo', 'model']")
                    .contains("echo reply: 'hello from python' (caller user admin via service CN=relay)")
                    .contains("error reply: 404 unknown service 'no-such-service'")
                    .contains("echo reply: 'after the refresh'")
                    .containsPattern("read back: 'Python result' under \\S+, 31 bytes, sha256 ok")
                    .containsPattern("\\d+ log records, next cursor \\d+")
                    .containsPattern("session \\S+ CLOSED")
                    .contains("the whole flow passed");
            String projectName = find(PROJECT, run.output(), 2);
            String entity = find(ENTITY, run.output(), 1);
            String folder = find(FOLDER, run.output(), 1);
            assertThat(projectName).isEqualTo("python-it");

            // Another reader: the CLI opens a new session of the project (the client closed its
            // own) and reads the entity from that session's Model service.
            String dir = data.toString();
            Outcome login = cli(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--data-dir", dir);
            assertThat(login.exitCode()).as(login.err()).isZero();
            Outcome open = cli(Map.of(), "session", "open", projectName, "--data-dir", dir);
            assertThat(open.exitCode()).as(open.out() + open.err()).isZero();
            String session = open.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");
            Outcome show = cli(Map.of(), "model", "show", projectName, entity, "--data-dir", dir);
            assertThat(show.exitCode()).as(show.err()).isZero();
            JsonNode saved = Json.mapper().readTree(show.out());
            assertThat(saved.path("name").asText()).isEqualTo("Python result");
            assertThat(saved.path("type").asText()).isEqualTo("result");
            assertThat(saved.path("parent").asText()).isEqualTo(folder);
            assertThat(saved.path("version").asLong()).isEqualTo(2);
            assertThat(saved.path("properties").path("client").asText()).isEqualTo("python");
            assertThat(saved.path("dataSize").asLong()).isEqualTo(31);
            Outcome close = cli(Map.of(), "session", "close", session, "--data-dir", dir);
            assertThat(close.exitCode()).as(close.out() + close.err()).isZero();

            // A wrong password is a clear failure with a non-zero exit code, not a trace.
            Run refused = runClient(
                    client,
                    Map.of("OPEN_TWIN_PASSWORD", "not-the-password"),
                    "--gss-url",
                    gssUrl,
                    "--ca",
                    data.resolve("pki/ca.pem").toString());
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output())
                    .contains("opentwin_client: FAILED: Login at https://127.0.0.1:" + (8092 + offset)
                            + ": HTTP 401: wrong user name or password")
                    .doesNotContain("Traceback");
        }
    }

    /** Fails, with what to install, when Debian's Python or its websockets module is missing. */
    private static void requirePythonWithWebsockets() throws Exception {
        assertThat(Files.isExecutable(PYTHON))
                .as(
                        "there is no %s: install Debian's python3 and python3-websockets (apt-get install python3-websockets)",
                        PYTHON)
                .isTrue();
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import websockets")
                .redirectErrorStream(true)
                .start();
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue())
                .as(
                        "%s cannot import websockets: install Debian's python3-websockets (apt-get install"
                                + " python3-websockets); it said: %s",
                        PYTHON, said.strip())
                .isZero();
    }

    private record Run(int exitCode, String output) {}

    private Run runClient(Path client, Map<String, String> environment, String... args) throws Exception {
        Path output = work.resolve("client-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(
                        Stream.concat(Stream.of(PYTHON.toString(), client.toString()), Arrays.stream(args))
                                .toList())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OPEN_TWIN_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(finished)
                .as("the python client ended within %s:%n%s", CLIENT_TIMEOUT, out)
                .isTrue();
        return new Run(process.exitValue(), out);
    }

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpenTwinCli.execute(
                args,
                environment,
                Catalog.services(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String find(Pattern pattern, String output, int group) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, output).isTrue();
        return matcher.group(group);
    }
}
