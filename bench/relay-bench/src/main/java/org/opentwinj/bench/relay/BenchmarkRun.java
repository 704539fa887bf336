package org.opentwinj.bench.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.Cleanup;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.bench.support.Measurement;
import org.opentwinj.bench.support.RunDirectory;
import org.opentwinj.bench.support.Sweep;

/**
 * One run, start to end: certificates, the fake GSS and AUTH, the echo service, the relay, the
 * web service (whose bridge puts the relay behind one more hop) and configurable-http-proxy, the probes, the pre-warm, the sweep over levels and rounds in
 * alternating order, the report. Owns the temp directory and the processes, and always stops
 * them and deletes it, also on failure, SIGTERM or Ctrl-C.
 */
final class BenchmarkRun {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The relay's certificate ({@code relay.pem}), hence the caller the echo service sees:
     * {@code CN=relay}. configurable-http-proxy presents the very same certificate and key to
     * clients, so both proxies do the same TLS work towards them.
     */
    static final String RELAY = "relay";

    static final String ECHO = "echo";
    /** The web service, whose {@code /relay} bridges to the relay (the page's path). */
    static final String WEB = "web";
    /** Long enough for any run the options allow; the relay checks it once per connection, the echo service per message. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(6);

    private BenchmarkRun() {}

    static Harness.Outcome run(BenchOptions options, String command) throws IOException, InterruptedException {
        ChpProcess.requireInstalled(options);
        List<String> machine = MachineInfo.collect(
                "load generator, echo service, relay",
                false,
                "node: " + ChpProcess.nodeVersion(options.node()) + "; configurable-http-proxy "
                        + ChpProcess.packageVersion(options.chp(), "configurable-http-proxy") + ", http-proxy-3 "
                        + ChpProcess.packageVersion(options.chp(), "http-proxy-3"),
                "Load average before the run (1, 5, 15 min): " + MachineInfo.loadAverage());
        try (RunDirectory run =
                RunDirectory.create("relay-bench", options.sweep().keepDir())) {
            Path dir = run.path();
            Cleanup cleanup = run.cleanup();
            log("run directory " + dir + "; load phases take about "
                    + options.loadTime().toSeconds() + " s");
            BenchPki pki = BenchPki.create(dir, "Relay Bench CA", Duration.ofHours(12));
            pki.writePeer(RELAY);
            pki.writePeer(ECHO);
            pki.writePeer(WEB);
            // The load generator on every path: trusts the CA, presents no client certificate, as a browser or the CLI
            // does.
            SSLContext thinClient = pki.trustOnly();
            FakeControlPlane control = cleanup.add(new FakeControlPlane(pki));
            List<String> tls = List.of(
                    "--ca",
                    pki.caCertificate().toString(),
                    "--auth-url",
                    control.authUrl().toString());

            log("starting the echo service");
            ServiceProcess echo = cleanup.add(ServiceProcess.start(
                    "echo",
                    ChildProcesses.freePort(),
                    concat(
                            List.of(
                                    "--cert",
                                    pki.certificate(ECHO).toString(),
                                    "--key",
                                    pki.key(ECHO).toString()),
                            tls),
                    dir,
                    thinClient,
                    START_TIMEOUT));
            control.echoAt(echo.url());
            log("starting the relay");
            ServiceProcess relay = cleanup.add(ServiceProcess.start(
                    "relay",
                    ChildProcesses.freePort(),
                    concat(
                            List.of(
                                    "--cert",
                                    pki.certificate(RELAY).toString(),
                                    "--key",
                                    pki.key(RELAY).toString(),
                                    "--gss-url",
                                    control.gssUrl().toString()),
                            tls),
                    dir,
                    thinClient,
                    START_TIMEOUT));
            log("starting the web service (its /relay bridged to the relay)");
            ServiceProcess web = cleanup.add(ServiceProcess.start(
                    "web",
                    ChildProcesses.freePort(),
                    concat(
                            List.of(
                                    "--cert",
                                    pki.certificate(WEB).toString(),
                                    "--key",
                                    pki.key(WEB).toString(),
                                    "--gss-url",
                                    control.gssUrl().toString(),
                                    "--relay-url",
                                    relay.url().toString()),
                            tls),
                    dir,
                    thinClient,
                    START_TIMEOUT));
            log("starting configurable-http-proxy");
            ChpProcess chp = cleanup.add(ChpProcess.start(options, pki, echo.url(), dir, START_TIMEOUT));

            String token = control.token(TOKEN_LIFETIME);
            LoadGenerator direct = load(Target.direct(echo.port()), thinClient, options, echo);
            LoadGenerator ours = load(Target.relay(relay.port(), token, relay.process()), thinClient, options, echo);
            // Its "upstream" connections are the web service's to the relay: one per client.
            LoadGenerator bridged = new LoadGenerator(
                    Target.bridge(web.port(), token, web.process()),
                    thinClient,
                    options.sweep().requestTimeout(),
                    relay.port(),
                    echo.process());
            LoadGenerator peer = load(Target.chp(chp.port(), chp.process()), thinClient, options, echo);
            List<LoadGenerator> paths = List.of(direct, ours, bridged, peer);

            List<String> setup = new ArrayList<>();
            setup.add("Echo service (the one backend of all paths): " + echo.description()
                    + "; `--auth-url` to the fake AUTH"
                    + " (it checks the user's token on every message the relay forwards); answers `Echo` on `/execute` (mTLS)"
                    + " and on its websocket `/ws` (no token, no client certificate)");
            setup.add("direct: client → echo `/ws`; " + direct.probe());
            setup.add("OpenTwin/J relay: " + relay.description() + ", default settings; client → relay `/relay?session="
                    + Payload.SESSION
                    + "` (token as subprotocol `bearer.<token>`) → echo `/execute` over mTLS on the user's"
                    + " behalf → back; " + ours.probe() + "; without a token: " + ours.probeRefusal(List.of()));
            setup.add(
                    "relay via web: " + web.description() + "; client → web service `/relay?session=" + Payload.SESSION
                            + "` → its bridge, one websocket to the relay per client (`--relay-url`, the web service's client"
                            + " certificate) → relay → echo as above; proxy CPU is the web service's alone, upstream connections"
                            + " are its connections to the relay; " + bridged.probe());
            setup.add(
                    "CHP: " + chp.description() + "; client → CHP → echo `/ws`, the echo service's certificate verified"
                            + " against the bench CA (`--client-ssl-ca`, not `--insecure`); " + peer.probe());
            setup.add(
                    "Relay and CHP present the same certificate and key to clients (ECDSA P-256, made by the project's PKI);"
                            + " all TLS, 127.0.0.1 only; the fake GSS (`Session.Routes`) and AUTH (`Auth.Keys`) are ServiceServers"
                            + " with mTLS in the harness JVM");
            String request = Payload.request(1);
            setup.add("Client frame (message 1; the id counts up per client, the same on every path): "
                    + Payload.bytes(request)
                    + " bytes `" + request + "`; reply checked character for character: "
                    + Payload.bytes(Payload.reply(1, Payload.ANONYMOUS))
                    + " bytes direct and through CHP (`caller` \"" + Payload.ANONYMOUS + "\"), "
                    + Payload.bytes(Payload.reply(1, Payload.ON_BEHALF)) + " bytes through the relay (`caller` \""
                    + Payload.ON_BEHALF + "\")");
            setup.add(
                    "Clients: the JDK's websocket client, a fresh HttpClient per point (virtual-thread executor), N websockets"
                            + " each driven by a virtual thread in a closed loop, in the harness JVM on the same machine; no client certificate");
            setup.add(String.format(
                    Locale.ROOT,
                    "One check of the user's token (ES256, nimbus-jose-jwt, as the echo"
                            + " service does per forwarded message), measured in the harness JVM: %.1f µs",
                    control.verifyMicros()));
            setup.forEach(BenchmarkRun::log);

            long prewarmErrors = 0;
            for (LoadGenerator load : paths) {
                PointResult r = Sweep.prewarm(load, options.sweep(), MarkdownReport::describe, BenchmarkRun::log);
                if (r != null) {
                    prewarmErrors += r.errors();
                    setup.add("Pre-warm of " + r.target() + " (not recorded): " + r.ok() + " messages in "
                            + options.sweep().prewarm().toMillis() / 1000.0 + " s at " + r.clients() + " clients, "
                            + (r.errors() == 0 ? "0 errors" : "**" + r.errors() + " errors** " + r.errorKinds()));
                }
            }

            List<Measurement<PointResult>> measurements =
                    Sweep.run(options.sweep(), paths, MarkdownReport::describe, BenchmarkRun::log);
            setup.add("`Session.Routes` lookups by the relay during the whole run (route cache 5 s): "
                    + control.routeLookups());
            setup.add("Warnings and errors in the logs: echo service " + problems(echo.log()) + ", relay "
                    + problems(relay.log()) + ", web service " + problems(web.log()) + ", CHP "
                    + chpProblems(dir.resolve("configurable-http-proxy.log")));
            String report =
                    MarkdownReport.render(new MarkdownReport.Input(command, options, machine, setup, measurements));
            return new Harness.Outcome(report, prewarmErrors + MarkdownReport.totalErrors(measurements));
        }
    }

    private static LoadGenerator load(Target target, SSLContext tls, BenchOptions options, ServiceProcess echo) {
        return new LoadGenerator(target, tls, options.sweep().requestTimeout(), echo.port(), echo.process());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Counts a service's JSON log lines at WARN and ERROR level. */
    static String problems(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            long[] counts = new long[2];
            lines.forEach(line -> {
                if (line.contains("\"level\":\"WARN\"")) {
                    counts[0]++;
                } else if (line.contains("\"level\":\"ERROR\"")) {
                    counts[1]++;
                }
            });
            return counts[0] + " warnings, " + counts[1] + " errors";
        } catch (IOException | UncheckedIOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * configurable-http-proxy's log lines (winston: {@code TIME [ConfigProxy] LEVEL: message}, the
     * level in terminal colours) at warn and error level.
     */
    static String chpProblems(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            long[] counts = new long[2];
            lines.map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "")).forEach(line -> {
                if (line.contains("] warn:")) {
                    counts[0]++;
                } else if (line.contains("] error:")) {
                    counts[1]++;
                }
            });
            return counts[0] + " warnings, " + counts[1] + " errors";
        } catch (IOException | UncheckedIOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static void log(String message) {
        System.err.println("relay-bench: " + message);
    }
}
