package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.Cleanup;

/**
 * The compute scenario on one variant's platform (database, AUTH, GSS, relay, LSS): cold
 * sessions, unrecorded rounds, recorded rounds, then sessions per minute. A round is a session
 * of type {@link Platform#COMPUTE_TYPE} with its first command to an on-demand service, a direct
 * start of the Model JVM (alternating which of the two goes first), and one
 * {@code opentwin session open} from the shell. With a pool, every measurement but the
 * sessions per minute starts once the pool is full again: the targets are for a session opened
 * now and then.
 */
final class ComputeRun {
    /** The longest wait for the pool to refill before a measurement; then it goes on and the report says so. */
    static final Duration POOL_REFILL_TIMEOUT = Duration.ofMinutes(5);

    private ComputeRun() {}

    static ComputeResult runVariant(
            BenchOptions o,
            Variant variant,
            Distribution distribution,
            BenchPki pki,
            Path dir,
            Path runDir,
            Cleanup cleanup)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path archive = variant.archive(dir);
        int poolSize = variant.usesPool() ? o.poolSize() : 0;
        List<String> notes = new ArrayList<>();
        notes.add("Session services: "
                + variant.description().replace("--pool-size " + Variant.POOL_SIZE, "--pool-size " + poolSize) + ".");
        log(variant, "starting database, AUTH, GSS, relay and LSS (--pool-size " + poolSize + ")");
        Platform platform = cleanup.add(Platform.start(
                distribution,
                pki,
                dir,
                variant.platformJvmOptions(archive),
                variant.sessionJavaOptions(archive),
                poolSize,
                true,
                o));
        try (ThinClient client = new ThinClient(pki.trustOnly(), platform.url("auth"), platform.url("gss"))) {
            log(variant, "platform ready: " + platform.startMillis() + " ms from fork to ready");
            client.login(Platform.ADMIN, Platform.ADMIN_PASSWORD);
            String project = client.createProject("compute");
            if (variant.needsTraining()) {
                // From one Model start, as ./opentwin build trains the session services' cache (session.aot).
                notes.add(BenchmarkRun.train(
                        variant,
                        archive,
                        distribution,
                        pki,
                        dir,
                        directSettings(platform, project),
                        "model",
                        Map.of("OPEN_TWIN_DATABASE_URL", platform.databaseUrl())));
            }
            String cliProject = client.createProject("compute-cli");
            List<String> load = new ArrayList<>();
            if (variant == o.saturation()) {
                for (int i = 0; i < o.maxLevel(); i++) {
                    load.add(client.createProject("rate-" + i));
                }
            }
            CliOpen cli = CliOpen.login(
                    distribution.java(),
                    o.distribution(),
                    pki.caCertificate(),
                    dir,
                    platform.url("gss").toString(),
                    Platform.ADMIN,
                    Platform.ADMIN_PASSWORD,
                    o.openTimeout());
            notes.add("CLI: `java " + String.join(" ", cli.jvmOptions()).replaceAll("/\\S*/", "…/")
                    + " -cp <distribution>/opentwin-cli.jar:<distribution>/lib/* org.opentwinj.cli.OpenTwinCli session open"
                    + " PROJECT --type " + Platform.COMPUTE_TYPE
                    + " --data-dir <run>/cli-data`, as the ./opentwin wrapper"
                    + " runs it without its JDK probe and build check; cache: " + cli.cache() + ".");
            ComputeCycle sessions =
                    new ComputeCycle(client, platform, pki.trustOnly(), o.openTimeout(), runDir.toString());
            PoolWaits waits = new PoolWaits(platform);

            AtomicReference<List<String>> sessionJvm = new AtomicReference<>();
            List<ComputeSample> cold = new ArrayList<>();
            for (int i = 1; i <= o.cold(); i++) {
                waits.await();
                ComputeSample s = sessions.run(project, false, () -> false, c -> sessionJvm.compareAndSet(null, c))
                        .open();
                cold.add(s);
                log(variant, "cold session " + i + "/" + o.cold() + ": " + describe(s));
                alive(platform);
            }
            // The direct start gets the session services' JVM options as /proc showed them, so both run the same JVM.
            List<String> directOptions = sessionJvm.get() != null ? sessionJvm.get() : variant.childJvmOptions(archive);
            notes.add((sessionJvm.get() != null
                            ? "JVM options of the session services (read from /proc/PID/cmdline during the first cold session),"
                                    + " given to the direct start as they are: `"
                            : "**The session services' JVM options could not be read**; the direct start ran with `")
                    + String.join(" ", directOptions).replaceAll("/\\S*/", "…/") + "`.");
            DirectStart direct = new DirectStart(
                    distribution,
                    pki,
                    dir.resolve("direct"),
                    directOptions,
                    directSettings(platform, project),
                    archive,
                    o.openTimeout(),
                    1,
                    "model",
                    Map.of("OPEN_TWIN_DATABASE_URL", platform.databaseUrl()));

            for (int i = 1; i <= o.warmup(); i++) {
                Round r = round(sessions, direct, cli, project, cliProject, waits, i % 2 == 1);
                log(variant, "warm-up " + i + "/" + o.warmup() + ": " + r);
                alive(platform);
            }
            List<ComputeSample> open = new ArrayList<>();
            List<ComputeSample> directs = new ArrayList<>();
            List<ComputeSample> first = new ArrayList<>();
            List<ComputeSample> cliOpens = new ArrayList<>();
            for (int i = 0; i < o.samples(); i++) {
                Round r = round(sessions, direct, cli, project, cliProject, waits, i % 2 == 0);
                open.add(r.open());
                first.add(r.firstCommand());
                directs.add(r.direct());
                cliOpens.add(r.cli());
                log(variant, (i + 1) + "/" + o.samples() + ": " + r);
                alive(platform);
            }
            notes.add(waits.note());

            List<ComputeRate.Level> levels = new ArrayList<>();
            if (variant == o.saturation()) {
                for (int clients : o.levels()) {
                    int measured = Saturation.measuredCycles(clients, o.levelSamples());
                    waits.await();
                    log(
                            variant,
                            "sessions per minute: " + clients + " clients, " + o.levelWarmup() + " + " + measured
                                    + " cycles each");
                    ComputeRate.Level level = ComputeRate.run(clients, o.levelWarmup(), measured, (c, stop) -> {
                        ComputeSample s =
                                sessions.run(load.get(c), false, stop::get).open();
                        if (!s.succeeded()) {
                            ChildProcesses.sleep(500);
                        }
                        return s;
                    });
                    levels.add(level);
                    log(
                            variant,
                            "sessions per minute at " + clients + " clients: "
                                    + String.format(Locale.ROOT, "%.1f", level.perMinute()));
                    alive(platform);
                }
            }
            return new ComputeResult(
                    variant, poolSize, notes, platform.startMillis(), cold, open, directs, first, cliOpens, levels);
        } finally {
            cleanup.closeDownTo(platform);
            int left = BenchmarkRun.killLeftovers(dir);
            if (left > 0) {
                log(
                        variant,
                        left + " processes of this variant were still running after the platform stopped (killed)");
            }
        }
    }

    /**
     * The flags the LSS gives a session service but the session ones, and {@code --project}: a
     * Model outside a session serves one project (in a session it learns it from the session).
     */
    static List<String> directSettings(Platform platform, String project) {
        List<String> settings = new ArrayList<>(platform.childSettings());
        settings.addAll(List.of("--project", project));
        return settings;
    }

    /** One recorded (or warm-up) round. */
    record Round(ComputeSample open, ComputeSample firstCommand, ComputeSample direct, ComputeSample cli) {
        @Override
        public String toString() {
            return "session " + describe(open) + ", first command " + describe(firstCommand) + "; direct "
                    + describe(direct) + "; session open " + describe(cli);
        }
    }

    private static Round round(
            ComputeCycle sessions,
            DirectStart direct,
            CliOpen cli,
            String project,
            String cliProject,
            PoolWaits waits,
            boolean sessionFirst)
            throws IOException, InterruptedException {
        ComputeCycle.Result session = null;
        ComputeSample directStart = null;
        for (int k = 0; k < 2; k++) {
            waits.await();
            if ((k == 0) == sessionFirst) {
                session = sessions.run(project, true, () -> false);
            } else {
                directStart = directSample(direct.run(false, () -> false, c -> {}));
            }
        }
        waits.await();
        ComputeSample cliOpen = cliOpen(cli, cliProject, sessions);
        ComputeSample firstCommand = session.firstCommand() != null
                ? session.firstCommand()
                : ComputeSample.failed("not sent: the session did not run", ComputeCycle.load(), -1);
        return new Round(session.open(), firstCommand, directStart, cliOpen);
    }

    private static ComputeSample directSample(StartSample s) {
        return s.ok()
                ? ComputeSample.ok(s.readyNanos(), ComputeCycle.load(), -1)
                : ComputeSample.failed(s.failure(), ComputeCycle.load(), -1);
    }

    /** One {@code opentwin session open}, then the session closed through the GSS (not timed). */
    private static ComputeSample cliOpen(CliOpen cli, String project, ComputeCycle sessions)
            throws IOException, InterruptedException {
        CliOpen.Run run = cli.open(project, Platform.COMPUTE_TYPE);
        double load = ComputeCycle.load();
        var opened = CliOpen.openedSession(run.output());
        opened.ifPresent(session -> sessions.close(session, 0));
        if (run.exitCode() == 0 && CliOpen.runningSession(run.output()).isPresent()) {
            return ComputeSample.ok(run.nanos(), load, -1);
        }
        String output = run.output().strip();
        return ComputeSample.failed(
                "session open exited " + run.exitCode() + ": "
                        + (output.length() > 300 ? "…" + output.substring(output.length() - 300) : output),
                load,
                -1);
    }

    /** Waits for a full pool before each measurement, and counts how long and how often it did not fill in time. */
    private static final class PoolWaits {
        private final Platform platform;
        private int waits;
        private int timedOut;
        private long waitedNanos;

        PoolWaits(Platform platform) {
            this.platform = platform;
        }

        void await() {
            if (platform.poolSize() == 0) {
                return;
            }
            long begin = System.nanoTime();
            if (!ComputeCycle.awaitPool(platform, POOL_REFILL_TIMEOUT)) {
                timedOut++;
                BenchmarkRun.log("the pool did not refill to " + platform.poolSize() + " warm JVMs within "
                        + POOL_REFILL_TIMEOUT.toMinutes() + " min; measuring anyway");
            }
            waits++;
            waitedNanos += System.nanoTime() - begin;
        }

        String note() {
            if (platform.poolSize() == 0) {
                return "No pool (`--pool-size 0`): nothing waited for between measurements.";
            }
            return "Pool: before each measurement the harness waited until `<lss-work>/pool/` held "
                    + platform.poolSize()
                    + " `jvm-<n>.warm` files (a pooled JVM writes its file once warm; the LSS deletes"
                    + " it when it hands the JVM out): " + waits + " waits, "
                    + String.format(Locale.ROOT, "%.1f", waitedNanos / 1e9)
                    + " s in all"
                    + (timedOut > 0
                            ? ", **" + timedOut + " of them not full after " + POOL_REFILL_TIMEOUT.toMinutes()
                                    + " min** (measured anyway)"
                            : ", every one full in time")
                    + ".";
        }
    }

    static List<String> setup(BenchOptions o) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "Platform: the embedded database, AUTH, the GSS, the relay and one LSS, each `opentwin run <service>` from"
                        + " the run's copy of the distribution in a JVM of its own, started one after the other and waited for until"
                        + " /readyz answered (the GSS with `--relay-url`, the relay with `--gss-url` and `--auth-url`, as `opentwin up`"
                        + " gives them); certificates from a throw-away CA; everything on 127.0.0.1; no logger. A fresh platform per variant.");
        lines.add("LSS: `--session-types " + Platform.SESSION_TYPES + "` `--capacity " + o.capacity()
                + "` `--spawn-limit "
                + o.spawnLimit() + "` `--port-range " + o.portRange() + "` and `--pool-size " + o.poolSize()
                + "` in the pool variants, `--pool-size 0` in the others (pool nice 10, the LSS's default). "
                + o.poolSize()
                + " is what one session of this type takes from the pool when it is measured: the Model at open and"
                + " `compute-1` at its first command (`compute-2` is never demanded); it is also the LSS's default.");
        lines.add("Session: type `" + Platform.COMPUTE_TYPE + "`: `model` at open, `" + Platform.ON_DEMAND_SERVICE
                + "` and `compute-2` on demand. **Echo stands in for a compute service**: the same launcher, JVM, TLS, certificate"
                + " and Service.Confirm as a compute service, without its commands. The LSS gives the Model the database URL"
                + " (`OPEN_TWIN_DATABASE_URL`). RUNNING once the Model confirmed.");
        lines.add(
                "Open-to-ready: the harness as a thin client (one-way TLS, the admin's token): Session.New, then Session.Events"
                        + " long polls until RUNNING; then Session.Close and long polls until CLOSED.");
        lines.add(
                "Direct start (the peer of open-to-ready): the harness forks the same `opentwin run model` with its own"
                        + " certificate (made before the clock starts), the flags the LSS gives a session service but the session ones,"
                        + " `--project` (the session's project: a Model outside a session serves one), the database URL in `OPEN_TWIN_DATABASE_URL` as the LSS gives it, and the session services' JVM options as"
                        + " /proc showed them; polled with GET /readyz every " + DirectStart.POLL_MS
                        + " ms; stopped with SIGTERM.");
        lines.add("First command: once the session is RUNNING the harness connects to the relay's websocket"
                + " (`wss://…/relay?session=ID`, JDK `java.net.http.WebSocket`, `Authorization: Bearer <token>`, subprotocol"
                + " `opentwin.v1`; the connection and the welcome are not timed), then times from sending"
                + " `{\"id\":1,\"service\":\"" + Platform.ON_DEMAND_SERVICE
                + "\",\"message\":{\"action\":\"Echo\",...}}` to its reply"
                + " (the relay asks the GSS Session.Demand, the GSS asks the LSS, which starts the service; the message is"
                + " delivered once it confirmed). The reply must echo the message.");
        lines.add(
                "`opentwin session open`: the real CLI process (see the variants' CLI line), after `opentwin login --gss-url`"
                        + " into a data directory of the run; timed from the process's start to its exit 0 after it printed \"is running\";"
                        + " the session is then closed through the GSS (not timed).");
        lines.add(
                "Order: per variant " + o.cold() + " cold sessions, " + o.warmup() + " unrecorded rounds, then "
                        + o.samples()
                        + " recorded rounds; in a round the session (with its first command) and the direct start"
                        + " alternate which goes first, then `session open`. With a pool, each measurement waits for the pool to be full.");
        if (o.saturation() != null) {
            lines.add("Sessions per minute (on the " + o.saturation().id()
                    + " platform, after its rounds): N clients in a closed"
                    + " loop (open until RUNNING, close until CLOSED, again; each on a project of its own), "
                    + o.levelWarmup()
                    + " unmeasured cycle(s) each, then ceil(" + o.levelSamples()
                    + " / N) measured cycles each; the pool is not"
                    + " waited for. Per minute = N × successful cycles ÷ their summed duration (Little's law). Target: 10 × the"
                    + " 4.5 per minute of issue 14's \"today\" (the echo3 saturation at 1 client, 2026-12-01).");
        }
        return lines;
    }

    private static String describe(ComputeSample s) {
        if (s == null) {
            return "n/a";
        }
        return s.succeeded() ? String.format(Locale.ROOT, "%.0f ms", s.nanos() / 1e6) : "FAILED (" + s.failure() + ")";
    }

    private static void alive(Platform platform) throws IOException {
        var dead = platform.dead();
        if (dead.isPresent()) {
            throw new IOException("a platform process died: " + dead.get());
        }
    }

    private static void log(Variant variant, String message) {
        BenchmarkRun.log("[" + variant.id() + "] " + message);
    }
}
