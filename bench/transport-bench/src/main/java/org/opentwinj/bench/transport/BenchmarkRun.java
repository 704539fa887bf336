package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.Cleanup;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.bench.support.Measurement;
import org.opentwinj.bench.support.RunDirectory;
import org.opentwinj.bench.support.Sweep;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/**
 * One run, start to end: certificates, both servers, the probes, the sweep over levels and
 * rounds in alternating order, the report. Owns the temp directory and the processes, and
 * always stops them and deletes it, also on SIGTERM or Ctrl-C.
 */
final class BenchmarkRun {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The certificate both servers present ({@code server.pem}/{@code server-key.pem}): the
     * OpenTwin/J server and nginx load the very same files, so they do the same TLS work.
     */
    static final String SERVER = "server";
    /** The load generator's certificate: client usage only. */
    static final String CLIENT = "bench-client";

    private BenchmarkRun() {}

    static Harness.Outcome run(BenchOptions options, String command) throws IOException, InterruptedException {
        NginxServer.requireInstalled(options.nginx());
        List<String> machine = MachineInfo.collect(
                "load generator and OpenTwin/J server",
                false,
                "nginx: " + String.join("; ", NginxServer.version(options.nginx())),
                "Load average before the run (1, 5, 15 min): " + MachineInfo.loadAverage());
        try (RunDirectory run =
                RunDirectory.create("transport-bench", options.sweep().keepDir())) {
            Path dir = run.path();
            Cleanup cleanup = run.cleanup();
            log("run directory " + dir + "; load phases take about "
                    + options.loadTime().toSeconds() + " s");
            BenchPki pki = BenchPki.create(dir, "Transport Bench CA", Duration.ofHours(12));
            pki.writePeer(SERVER);
            IssuedCertificate clientCertificate = pki.issue(CLIENT, Usage.CLIENT, List.of());
            clientCertificate.writeTo(dir, CLIENT, true);
            EchoServerProcess ours = cleanup.add(EchoServerProcess.start(dir, START_TIMEOUT));
            NginxServer nginx =
                    cleanup.add(NginxServer.start(options.nginx(), dir, options.nginxWorkers(), START_TIMEOUT));
            SSLContext clientTls = TlsMaterial.of(clientCertificate).clientContext();
            SSLContext trustOnly = pki.trustOnly();
            LoadGenerator oursLoad =
                    new LoadGenerator(ours, clientTls, options.sweep().requestTimeout());
            LoadGenerator nginxLoad =
                    new LoadGenerator(nginx, clientTls, options.sweep().requestTimeout());

            List<String> setup = new ArrayList<>();
            for (LoadGenerator load : List.of(oursLoad, nginxLoad)) {
                Target target = load.target();
                setup.add(target.name() + ": " + target.description() + "; " + load.probe()
                        + "; without a client certificate: " + load.probeWithoutCertificate(trustOnly));
            }
            setup.add("Both: the same server certificate and key (ECDSA P-256, made by the project's PKI), the same CA,"
                    + " client certificate required, 127.0.0.1 only");
            setup.add("Request: POST " + Payload.PATH + " with " + Payload.REQUEST.length + " bytes `"
                    + Payload.REQUEST_TEXT + "`; reply: " + Payload.REPLY.length + " bytes `" + Payload.REPLY_TEXT
                    + "`, checked byte for byte");
            setup.add(
                    "Client: a fresh JDK HttpClient per point shared by its N clients (HTTP/1.1, keep-alive,"
                            + " virtual-thread executor), N virtual threads in a closed loop, in the harness JVM on the same machine");
            setup.forEach(BenchmarkRun::log);
            long prewarmErrors = 0;
            for (LoadGenerator load : List.of(oursLoad, nginxLoad)) {
                PointResult r = Sweep.prewarm(load, options.sweep(), MarkdownReport::describe, BenchmarkRun::log);
                if (r != null) {
                    prewarmErrors += r.errors();
                    setup.add("Pre-warm of " + r.target() + " (not recorded): " + r.ok() + " requests in "
                            + options.sweep().prewarm().toMillis() / 1000.0 + " s at " + r.clients() + " clients, "
                            + (r.errors() == 0 ? "0 errors" : "**" + r.errors() + " errors** " + r.errorKinds()));
                }
            }

            List<Measurement<PointResult>> measurements = Sweep.run(
                    options.sweep(), List.of(oursLoad, nginxLoad), MarkdownReport::describe, BenchmarkRun::log);
            String report =
                    MarkdownReport.render(new MarkdownReport.Input(command, options, machine, setup, measurements));
            return new Harness.Outcome(report, prewarmErrors + MarkdownReport.totalErrors(measurements));
        }
    }

    static void log(String message) {
        System.err.println("transport-bench: " + message);
    }
}
