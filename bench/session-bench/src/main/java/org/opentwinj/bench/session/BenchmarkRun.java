package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.Cleanup;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.bench.support.RunDirectory;

/**
 * One run, start to end: the CA, then per variant a fresh platform, its archive (if any), the
 * cold sessions, the warm-up, the recorded sessions and direct starts in alternating order, the
 * saturation sweep on the chosen variant, and the report. Owns the run directory and every
 * process, and always stops them and deletes it, also on failure, SIGTERM or Ctrl-C: platform
 * processes by SIGTERM (the LSS stops its sessions), then anything still running whose command
 * line names the run directory (session services included) by SIGKILL.
 */
final class BenchmarkRun {

    private BenchmarkRun() {}

    static Harness.Outcome run(BenchOptions options, String command) throws IOException, InterruptedException {
        String loadBefore = MachineInfo.loadAverage();
        try (RunDirectory run = RunDirectory.create("session-bench", options.keepDir())) {
            Path dir = run.path();
            Cleanup cleanup = run.cleanup();
            // Runs before the directory is deleted: anything still running whose command line names it.
            cleanup.add(() -> {
                int left = killLeftovers(dir);
                if (left > 0) {
                    log("killed " + left + " processes of the run that were still running");
                }
            });
            log("run directory " + dir);
            Distribution distribution = Distribution.snapshot(options.distribution(), dir.resolve("dist"));
            List<String> machine = MachineInfo.collect(
                    "harness, platform, session services and direct starts",
                    true,
                    "Distribution: " + distribution.jars()
                            + " jars (opentwin-cli.jar and lib/), copied into the run directory at the"
                            + " start; class path spelled out in a fixed order");
            BenchPki pki = BenchPki.create(dir.resolve("pki"), "Session Bench CA", Duration.ofHours(24));
            for (String name : List.of("database", "auth", "gss", "relay", "lss", Platform.CLIENT)) {
                pki.writePeer(name);
            }
            if (options.scenario() == Scenario.COMPUTE) {
                List<ComputeResult> results = new ArrayList<>();
                for (Variant variant : options.variants()) {
                    results.add(ComputeRun.runVariant(
                            options, variant, distribution, pki, dir.resolve(variant.id()), dir, cleanup));
                }
                String report = ComputeReport.render(new ComputeReport.Input(
                        command,
                        options,
                        machine,
                        ComputeRun.setup(options),
                        results,
                        loadBefore,
                        MachineInfo.loadAverage()));
                return new Harness.Outcome(
                        report,
                        results.stream().mapToLong(ComputeResult::failures).sum());
            }
            List<VariantResult> results = new ArrayList<>();
            for (Variant variant : options.variants()) {
                results.add(runVariant(options, variant, distribution, pki, dir.resolve(variant.id()), cleanup));
            }
            String loadAfter = MachineInfo.loadAverage();
            String report = MarkdownReport.render(new MarkdownReport.Input(
                    command, options, machine, setup(options), results, loadBefore, loadAfter));
            return new Harness.Outcome(
                    report, results.stream().mapToLong(VariantResult::failures).sum());
        }
    }

    private static VariantResult runVariant(
            BenchOptions o, Variant variant, Distribution distribution, BenchPki pki, Path dir, Cleanup cleanup)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path archive = variant.archive(dir);
        List<String> notes = new ArrayList<>();
        notes.add("Session services: " + variant.description() + ".");
        log("[" + variant.id() + "] starting database, AUTH, GSS and LSS");
        Platform platform = cleanup.add(Platform.start(
                distribution,
                pki,
                dir,
                variant.platformJvmOptions(archive),
                variant.sessionJavaOptions(archive),
                variant.poolSize(),
                false,
                o));
        try (ThinClient client = new ThinClient(pki.trustOnly(), platform.url("auth"), platform.url("gss"))) {
            log("[" + variant.id() + "] platform ready: " + platform.startMillis() + " ms from fork to ready");
            if (variant.needsTraining()) {
                notes.add(train(variant, archive, distribution, pki, dir, platform));
            }
            client.login(Platform.ADMIN, Platform.ADMIN_PASSWORD);
            String sequential = client.createProject("sequential");
            List<String> load = new ArrayList<>();
            if (variant == o.saturation()) {
                for (int i = 0; i < o.maxLevel(); i++) {
                    load.add(client.createProject("load-" + i));
                }
            }
            SessionCycle sessions = new SessionCycle(client, platform, archive, o.openTimeout());
            DirectStart direct = new DirectStart(
                    distribution,
                    pki,
                    dir.resolve("direct"),
                    variant.childJvmOptions(archive),
                    platform.childSettings(),
                    archive,
                    o.openTimeout(),
                    3);
            AtomicReference<List<String>> sessionCommand = new AtomicReference<>();
            AtomicReference<List<String>> directCommand = new AtomicReference<>();

            List<StartSample> cold = new ArrayList<>();
            for (int i = 1; i <= o.cold(); i++) {
                StartSample s = sessions.run(sequential, true, () -> false, c -> sessionCommand.compareAndSet(null, c));
                cold.add(s);
                log("[" + variant.id() + "] cold session " + i + "/" + o.cold() + ": " + describe(s));
                alive(platform);
            }
            List<StartSample> warmup = new ArrayList<>();
            for (int i = 1; i <= o.warmup(); i++) {
                warmup.add(sessions.run(sequential, false, () -> false, c -> {}));
                warmup.add(direct.run(false, () -> false, c -> {}));
                log("[" + variant.id() + "] warm-up " + i + "/" + o.warmup() + ": session "
                        + describe(warmup.get(warmup.size() - 2)) + "; direct " + describe(warmup.getLast()));
                alive(platform);
            }
            List<StartSample> recordedSessions = new ArrayList<>();
            List<StartSample> recordedDirect = new ArrayList<>();
            for (int i = 0; i < o.samples(); i++) {
                // Alternate which goes first, so drift and the previous start's after-effects hit both alike.
                boolean sessionFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == sessionFirst) {
                        recordedSessions.add(sessions.run(
                                sequential, true, () -> false, c -> sessionCommand.compareAndSet(null, c)));
                    } else {
                        // The platform idles meanwhile (heartbeats, health pings): its CPU is the baseline of a
                        // session's.
                        Map<String, Long> before = platform.cpuNanos();
                        StartSample d =
                                direct.run(true, platform, () -> false, c -> directCommand.compareAndSet(null, c));
                        recordedDirect.add(d.withPlatformCpu(Platform.cpuBetween(before, platform.cpuNanos())));
                    }
                }
                log("[" + variant.id() + "] " + (i + 1) + "/" + o.samples() + ": session "
                        + describe(recordedSessions.getLast()) + "; direct " + describe(recordedDirect.getLast()));
                alive(platform);
            }
            notes.add(optionsCheck(variant.childJvmOptions(archive), sessionCommand.get(), directCommand.get()));

            List<LevelResult> levels = new ArrayList<>();
            if (variant == o.saturation()) {
                for (int k = 0; k < o.levels().size(); k++) {
                    int clients = o.levels().get(k);
                    List<StartSample.Kind> order = k % 2 == 0
                            ? List.of(StartSample.Kind.SESSION, StartSample.Kind.DIRECT)
                            : List.of(StartSample.Kind.DIRECT, StartSample.Kind.SESSION);
                    for (int position = 0; position < order.size(); position++) {
                        StartSample.Kind kind = order.get(position);
                        Saturation.Cycle cycle = kind == StartSample.Kind.SESSION
                                ? (c, abandon) -> sessions.run(load.get(c), false, abandon, x -> {})
                                : (c, abandon) -> direct.run(false, abandon, x -> {});
                        log("[" + variant.id() + "] saturation: " + clients + " clients, " + kind.label() + "s, "
                                + o.levelWarmup() + " + " + Saturation.measuredCycles(clients, o.levelSamples())
                                + " cycles each");
                        LevelResult r = Saturation.run(
                                kind,
                                clients,
                                position + 1,
                                o.levelWarmup(),
                                o.levelSamples(),
                                cycle,
                                platform,
                                dir,
                                o.openTimeout()
                                        .plusSeconds(60)
                                        .multipliedBy(o.levelWarmup()
                                                + Saturation.measuredCycles(clients, o.levelSamples())
                                                + 1L));
                        levels.add(r);
                        log("[" + variant.id() + "] saturation: " + MarkdownReport.describe(r));
                        alive(platform);
                    }
                }
            }
            return new VariantResult(
                    variant, notes, platform.startMillis(), cold, warmup, recordedSessions, recordedDirect, levels);
        } finally {
            cleanup.closeDownTo(platform);
            int left = killLeftovers(dir);
            if (left > 0) {
                notes.add("**After the platform stopped, " + left
                        + " processes of this variant were still running** (killed).");
            } else {
                notes.add(
                        "After the platform stopped (SIGTERM to LSS, GSS, AUTH, database), no process of this variant was left"
                                + " running (checked in /proc).");
            }
        }
    }

    /** Records the variant's archive with one echo start and stop, with the flags session services get. */
    static String train(
            Variant variant, Path archive, Distribution distribution, BenchPki pki, Path dir, Platform platform)
            throws IOException {
        return train(variant, archive, distribution, pki, dir, platform.childSettings(), "echo", Map.of());
    }

    /**
     * Records the variant's archive with one start and stop of {@code service} (echo; the Model in the
     * compute scenario, as {@code ./opentwin build} trains the session services' cache), with the flags
     * session services get.
     */
    static String train(
            Variant variant,
            Path archive,
            Distribution distribution,
            BenchPki pki,
            Path dir,
            List<String> settings,
            String service,
            Map<String, String> environment)
            throws IOException {
        List<String> options = new ArrayList<>(variant.trainingOptions(archive));
        // The memory options the LSS gives every session service (JvmOptions; the harness runs from no
        // distribution, so no cache of its own is added): an AOT cache recorded with another collector fails
        // to map ("Unable to map shared spaces") and the services would run without it.
        options.addAll(Variant.SESSION_MEMORY);
        options.addAll(variant.platformJvmOptions(archive));
        log("[" + variant.id() + "] recording the archive: one " + service + " start with "
                + String.join(" ", variant.trainingOptions(archive)));
        long begin = System.nanoTime();
        StartSample s = new DirectStart(
                        distribution,
                        pki,
                        dir.resolve("training"),
                        options,
                        settings,
                        null,
                        Duration.ofMinutes(3),
                        1,
                        service,
                        environment)
                .run(false, () -> false, c -> {});
        long millis = (System.nanoTime() - begin) / 1_000_000;
        if (!s.ok() || !Files.isRegularFile(archive)) {
            throw new IOException("recording the " + variant.id() + " archive failed: "
                    + (s.ok() ? "no file " + archive : s.failure()));
        }
        return String.format(
                Locale.ROOT,
                "Archive: recorded once, after the platform was up and before the first session, by one"
                        + " `opentwin run %s` with the session services' flags plus `%s`, started, waited for until /readyz answered,"
                        + " stopped with SIGTERM (the archive is written at exit): %.1f s in all, %.1f MB. Not in any measured time.",
                service,
                String.join(" ", variant.trainingOptions(archive))
                        .replace(archive.toString(), archive.getFileName().toString()),
                millis / 1000.0,
                Files.size(archive) / 1e6);
    }

    /** Whether session services and direct starts ran with the same JVM options, from their /proc command lines. */
    static String optionsCheck(List<String> expected, List<String> session, List<String> direct) {
        if (session == null || direct == null) {
            return "**JVM options could not be compared** (no command line of a session service or direct start was read).";
        }
        List<String> s = Distribution.jvmOptionsOf(session);
        List<String> d = Distribution.jvmOptionsOf(direct);
        String shown = "`" + String.join(" ", s).replaceAll("/\\S*/", "…/") + "`";
        if (s.equals(d) && s.equals(expected)) {
            return "JVM options, read from /proc/PID/cmdline of a session service and of a direct start: identical, "
                    + shown + ".";
        }
        return "**JVM options differ**: session services " + shown + ", direct starts `" + String.join(" ", d)
                + "`, expected `" + String.join(" ", expected) + "`.";
    }

    private static void alive(Platform platform) throws IOException {
        var dead = platform.dead();
        if (dead.isPresent()) {
            throw new IOException("a platform process died: " + dead.get());
        }
    }

    /** Kills every process whose command line names the directory; returns how many there were. */
    static int killLeftovers(Path dir) {
        List<Long> pids = ProcFs.pidsWith(dir.toString());
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log("pid " + pid + " did not exit after SIGKILL: " + e);
                }
            });
        }
        return pids.size();
    }

    private static List<String> setup(BenchOptions o) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "Platform: the embedded database, AUTH, the GSS and one LSS, each `opentwin run <service>` from the distribution in"
                        + " a JVM of its own (`-XX:+ExitOnOutOfMemoryError`, default heap and GC, as the ./opentwin wrapper runs them apart"
                        + " from its CDS flags), started one after the other and waited for until /readyz answered; certificates from a"
                        + " throw-away CA made with the project's PKI code; everything on 127.0.0.1. No logger or relay runs. A fresh"
                        + " platform (new processes, new database) per variant.");
        lines.add(
                "LSS: `--session-types " + Platform.SESSION_TYPES + "` `--capacity " + o.capacity()
                        + "` `--spawn-limit "
                        + o.spawnLimit() + "` `--port-range " + o.portRange()
                        + "` `--pool-size 0` (" + Variant.POOL_SIZE
                        + " in the pool variants), otherwise defaults (confirm timeout 60 s, stop grace"
                        + " 10 s, heartbeat 2 s); it issues each session service's certificate from the CA key (`--session-ca-key`).");
        lines.add("Session: type `" + Platform.SESSION_TYPE
                + "`, three `opentwin run echo` processes started by the LSS in"
                + " parallel, each confirming with Service.Confirm; RUNNING once all three confirmed and got Run.");
        lines.add(
                "Client: the harness as a thin client (the project's ServiceClient, one-way TLS, bearer token of the admin):"
                        + " Session.New, then Session.Events long polls (waitMs up to " + SessionCycle.POLL_WAIT_MS
                        + ", answered at the"
                        + " first new event) until the state is RUNNING; then Session.Close and long polls until CLOSED before the next start.");
        lines.add(
                "Direct start (the peer): the harness forks the same three `opentwin run echo` processes in parallel with their"
                        + " own certificates (issued before the clock starts), the same flags as session services apart from `--lss-url`,"
                        + " `--session-id` and `--session-service`, and the same JVM options; each is polled with GET /readyz every "
                        + DirectStart.POLL_MS + " ms; ready when the last one answers 200; stopped with SIGTERM.");
        lines.add("Order: per variant " + o.cold() + " cold sessions, " + o.warmup()
                + " unrecorded session and direct start pairs," + " then " + o.samples()
                + " recorded pairs, alternating which of the two goes first.");
        if (o.saturation() != null) {
            lines.add(
                    "Saturation (on the " + o.saturation().id()
                            + " platform, after its recorded pairs): N clients start"
                            + " together, each in a closed loop (start, wait until ready, stop, again; each session client on a project of its"
                            + " own): " + o.levelWarmup() + " unmeasured cycle(s) each, then ceil(" + o.levelSamples()
                            + " / N) measured cycles"
                            + " each; a client that is done keeps going, unmeasured, until all are done, so every measured cycle ran under the"
                            + " full load. Per minute = N × successful cycles ÷ their summed duration (Little's law for a closed loop without"
                            + " think time). Sessions and direct starts alternate which goes first per level. 429s and failures are counted apart.");
        }
        return lines;
    }

    static String describe(StartSample s) {
        return s.ok() ? String.format(Locale.ROOT, "%.0f ms", s.readyNanos() / 1e6) : "FAILED (" + s.failure() + ")";
    }

    static void log(String message) {
        System.err.println("session-bench: " + message);
    }
}
