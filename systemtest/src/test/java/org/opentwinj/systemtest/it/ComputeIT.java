package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.arrays.ArrayCodec;
import org.opentwinj.platform.arrays.NdArray;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.systemtest.compute.Signals;

/**
 * The compute framework in the real distribution: {@code opentwin up} with the tests'
 * {@code compute-test} service on {@code OPEN_TWIN_EXTRA_CLASSPATH}, a session of type
 * {@code compute} (Model and compute-test), driven through the relay as a user: the
 * catalogue, a refused parameter, a job with progress and its binary result read back,
 * derived entities, a cancel keeping partial results, a failure, a kill -9 mid-job, and a
 * parametric re-run through two derived entities.
 *
 * <p>The job board ({@code Job.Get}), the kill's report ({@code Job.ServiceExited}) and the
 * parametric re-run ({@code Model.SetProperties}) are the Model's and the LSS's parts of
 * issue 14: this test needs them merged.
 */
class ComputeIT {
    private static final String SERVICE = "compute-test";
    private static final String SUMMARY_END = "stops everything.";

    @TempDir
    Path work;

    private String dir;
    private String session;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome cli(Map<String, String> environment, String... args) {
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

    private Outcome cli(String... args) {
        return cli(Map.of(), args);
    }

    /** A message through the relay to a service of the session, as the logged-in user. */
    private Outcome send(String service, Object message) {
        return cli("session", "send", session, service, Json.write(message), "--data-dir", dir);
    }

    private JsonNode sendOk(String service, Object message) throws Exception {
        Outcome sent = send(service, message);
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        return Json.mapper().readTree(sent.out());
    }

    private JsonNode job(String id) throws Exception {
        return sendOk("model", Map.of("action", "Job.Get", "job", id));
    }

    private JsonNode awaitJob(String id, JobState state) throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> job(id).path("state").asText().equals(state.name())
                        || JobState.valueOf(job(id).path("state").asText()).isEnded());
        JsonNode job = job(id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo(state.name());
        return job;
    }

    private String run(String command, Map<String, Object> params) throws Exception {
        return sendOk(SERVICE, Map.of("action", "Command.Run", "command", command, "params", params))
                .path("job")
                .asText();
    }

    private JsonNode entityNamed(String name) throws Exception {
        for (JsonNode entity : sendOk("model", Map.of("action", "Model.Entities"))) {
            if (entity.path("name").asText().equals(name)) {
                return entity;
            }
        }
        throw new AssertionError("no entity named " + name);
    }

    private float[] samples(String entity) throws Exception {
        JsonNode read = sendOk("model", Map.of("action", "Model.ReadData", "id", entity));
        assertThat(read.path("eof").asBoolean()).isTrue();
        List<NdArray> arrays =
                ArrayCodec.read(Base64.getDecoder().decode(read.path("data").asText()));
        assertThat(arrays).hasSize(1);
        assertThat(arrays.getFirst().unit()).isEqualTo("V");
        return arrays.getFirst().floats();
    }

    @Test
    void aComputeServiceRunsCommandsAndJobsThroughTheRelay() throws Exception {
        Path data = work.resolve("data");
        dir = data.toString();
        String offset = Integer.toString(LocalPorts.freeOffset(21_000, 89));
        Path jar = Path.of(System.getProperty("opentwin.computeTestService"));
        assertThat(jar)
                .as("the compute-test service's jar (built before the systemtests)")
                .exists();
        Map<String, String> environment = Map.of(
                "OPEN_TWIN_EXTRA_CLASSPATH",
                jar + File.pathSeparator + jar.resolveSibling("lib") + File.separator + "*",
                "OPEN_TWIN_SESSION_TYPES",
                "default=model,echo;compute=model,compute-test");

        try (OpenTwinProcess up =
                OpenTwinProcess.start(work, environment, "up", "--data-dir", dir, "--port-offset", offset)) {
            // Generous: on a machine busy with other builds, seven JVMs one after the other take minutes.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(300))
                    .until(() -> up.stdout().contains(SUMMARY_END) || !up.isAlive());
            assertThat(up.stdout()).as(up.stdout()).contains(SUMMARY_END);
            String password = up.stdout().replaceAll("(?s).*created user 'admin' with password (\\S+).*", "$1");
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("projects", "create", "Signals", "--data-dir", dir).exitCode())
                    .isZero();
            Outcome open = cli("session", "open", "Signals", "--type", "compute", "--data-dir", dir);
            assertThat(open.exitCode()).as(open.err()).isZero();
            session = open.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");

            // The catalogue: every command, with its typed parameters.
            JsonNode catalogue = sendOk(SERVICE, Map.of("action", "Service.Commands"));
            assertThat(catalogue.path("service").asText()).isEqualTo(SERVICE);
            assertThat(catalogue.path("commands").findValuesAsText("name"))
                    .contains("Signal.Make", "Signal.Scale", "Signal.Sum", "Signal.Import", "Work.Slow", "Work.Fail");

            // A parameter out of bounds is refused, naming it and the rule, before any work.
            Outcome refused = send(
                    SERVICE, Map.of("action", "Command.Run", "command", "Signal.Make", "params", Map.of("samples", 1)));
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("parameter 'samples'").contains("2");

            // A job: its binary result, read back, is the sampled sine.
            String make = run(
                    "Signal.Make",
                    Map.of("amplitude", 2.0, "frequency", 1.0, "samples", 8, "label", "base", "window", "hann"));
            JsonNode made = awaitJob(make, JobState.DONE);
            assertThat(made.path("version").asLong()).isPositive();
            JsonNode base = entityNamed("base");
            assertThat(base.path("type").asText()).isEqualTo("result");
            assertThat(samples(base.path("id").asText()))
                    .containsExactly(Signals.make(2, 1, 8, "hann", false, new double[0]));

            // Two derived entities: base x3, then base + (base x3).
            JsonNode scaled = sendOk(
                    SERVICE,
                    Map.of(
                            "action",
                            "Command.Run",
                            "command",
                            "Signal.Scale",
                            "params",
                            Map.of("signal", base.path("id").asText(), "factor", 3.0)));
            String scaledId = scaled.path("entities").get(0).asText();
            JsonNode summed = sendOk(
                    SERVICE,
                    Map.of(
                            "action",
                            "Command.Run",
                            "command",
                            "Signal.Sum",
                            "params",
                            Map.of("signals", List.of(base.path("id").asText(), scaledId), "label", "total")));
            String sumId = summed.path("entities").get(0).asText();
            float[] expectedBase = Signals.make(2, 1, 8, "hann", false, new double[0]);
            assertThat(samples(sumId))
                    .usingComparatorWithPrecision(1e-5f)
                    .containsExactly(Signals.scale(expectedBase, 4));

            // A parametric re-run: the amplitude of base changes, and both derived entities follow,
            // in one job of the Model's, whose one save holds all three.
            JsonNode update = sendOk(
                    "model",
                    Map.of(
                            "action",
                            "Model.SetProperties",
                            "id",
                            base.path("id").asText(),
                            "properties",
                            Map.of("amplitude", 5.0)));
            JsonNode updated = awaitJob(update.path("job").path("id").asText(), JobState.DONE);
            assertThat(updated.path("service").asText()).isEqualTo("model");
            float[] rebuilt = Signals.make(5, 1, 8, "hann", false, new double[0]);
            assertThat(samples(base.path("id").asText())).containsExactly(rebuilt);
            assertThat(samples(scaledId))
                    .usingComparatorWithPrecision(1e-5f)
                    .containsExactly(Signals.scale(rebuilt, 3));
            assertThat(samples(sumId)).usingComparatorWithPrecision(1e-5f).containsExactly(Signals.scale(rebuilt, 4));

            // A failure: the reason a user understands, nothing saved.
            long before = sendOk("model", Map.of("action", "Model.Info"))
                    .path("version")
                    .asLong();
            JsonNode failed = awaitJob(run("Work.Fail", Map.of("at", 0.25, "seconds", 1)), JobState.FAILED);
            assertThat(failed.path("reason").asText()).contains("the work failed at 25% as asked");
            assertThat(sendOk("model", Map.of("action", "Model.Info"))
                            .path("version")
                            .asLong())
                    .isEqualTo(before);

            // A cancel keeps the steps done as a partial result, labelled so.
            String slow = run("Work.Slow", Map.of("seconds", 20, "steps", 40));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> job(slow).path("fraction").asDouble() >= 0.1);
            JsonNode progressing = job(slow);
            assertThat(progressing.path("state").asText()).isEqualTo("RUNNING");
            assertThat(progressing.path("message").asText()).startsWith("step ");
            sendOk("model", Map.of("action", "Job.Cancel", "job", slow));
            JsonNode cancelled = awaitJob(slow, JobState.CANCELLED);
            assertThat(cancelled.path("partial").asBoolean()).isTrue();
            assertThat(samples(entityNamed("steps (partial)").path("id").asText()))
                    .isNotEmpty()
                    .startsWith(1f);

            // kill -9 of the service mid-job: the job is reported failed with the reason.
            String doomed = run("Work.Slow", Map.of("seconds", 60, "steps", 60));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> job(doomed).path("state").asText().equals("RUNNING"));
            List<ProcessHandle> service = StandaloneServices.sessionProcesses(session, SERVICE);
            assertThat(service).hasSize(1);
            service.getFirst().destroyForcibly();
            JsonNode lost = awaitJob(doomed, JobState.FAILED);
            assertThat(lost.path("reason").asText()).contains(SERVICE).contains("exited");

            assertThat(cli("session", "close", session, "--data-dir", dir).exitCode())
                    .isZero();
            assertThat(Files.exists(data)).isTrue();
        }
    }
}
