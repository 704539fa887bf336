package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.ConfirmReply;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A pooled JVM in this process: it warms up, waits for its one assignment on its input, then
 * becomes that session service and confirms to a fake LSS with the certificate of that identity.
 */
class PooledLauncherTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create(CertificateRequest.of("Pool test CA", List.of()), Duration.ofDays(1));
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

    /** A session service with nothing of its own: the launcher does everything a pooled JVM must get right. */
    private static final ServiceDefinition PROBE = new ServiceDefinition() {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String description() {
            return "a service for tests";
        }

        @Override
        public void start(ServiceContext context) {
            // Only the launcher's own actions.
        }
    };

    private final PrintStream stdout = System.out;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    /** Service.Confirm calls the fake LSS got: the peer's subject, then the request. */
    private final List<Object> confirmations = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path directory;

    private ServiceServer lss;
    private URI lssUrl;

    @BeforeEach
    void startTheFakeLss() {
        // The launcher logs JSON lines to stdout: kept out of the build's output.
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TlsMaterial tls =
                TlsMaterial.of(CA.issue(CertificateRequest.of("lss", LOOPBACK), Usage.PEER, Duration.ofHours(1)));
        ActionRegistry actions = new ActionRegistry();
        actions.register(ActionSpec.internal(ActionNames.SERVICE_CONFIRM, ConfirmRequest.class, (request, call) -> {
            confirmations.add(call.caller().peer());
            confirmations.add(request);
            return new ConfirmReply(request.session(), request.service());
        }));
        actions.register(ActionSpec.internal("Ping", Ping.class, (request, call) -> Map.of()));
        lss = ServiceServer.start(
                new ServiceInfo("lss", "test", "1", URI.create("https://127.0.0.1")),
                new ServerOptions("127.0.0.1", 0, ServerOptions.DEFAULT_MAX_BODY_BYTES, Duration.ZERO, 16),
                tls.serverContext(),
                actions,
                new ServiceMetrics("lss"),
                List.of());
        lssUrl = URI.create("https://127.0.0.1:" + lss.port());
    }

    record Ping() {}

    @AfterEach
    void giveBackTheProcessWideSettings() throws Exception {
        lss.stop();
        runner.close();
        System.setOut(stdout);
        // The launcher configured JSON logging to stdout and took SIGTERM/SIGINT: give both back.
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.reset();
        new ContextInitializer(logging).autoConfig();
        Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
        Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
    }

    private PooledLauncher pooled() {
        return new PooledLauncher(
                List.of(PROBE), Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8), Optional.empty());
    }

    @Test
    void itWarmsUpWaitsForItsAssignmentThenConfirmsWithTheIdentityItWasGiven() throws Exception {
        URI serviceUrl = URI.create("https://127.0.0.1:" + freePort());
        List<String> arguments = sessionService("s1", "probe", serviceUrl);
        Path warm = directory.resolve("jvm-1.warm");
        PipedOutputStream assign = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(assign);
        CompletableFuture<ExitCode> run =
                CompletableFuture.supplyAsync(() -> pooled().run(input, Optional.of(warm)), runner);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(warm));
        assertThat(run).as("it waits for its assignment").isNotDone();
        assertThat(confirmations).isEmpty();

        assign.write((new PoolAssignment(arguments, Map.of()).toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        assign.close();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> confirmations.size() == 2);
        assertThat((String) confirmations.get(0)).contains("CN=probe.s1");
        assertThat(confirmations.get(1)).isEqualTo(new ConfirmRequest("s1", "probe", serviceUrl));

        try (ServiceClient client = new ServiceClient(
                TlsMaterial.of(CA.issue(CertificateRequest.of("tester", List.of()), Usage.CLIENT, Duration.ofHours(1)))
                        .clientContext(),
                ClientOptions.DEFAULT)) {
            assertThat(client.call(serviceUrl, "Ping", Map.of()).path("service").asText())
                    .isEqualTo("probe");
            client.requestShutdown(serviceUrl);
        }
        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    }

    @Test
    void inAPodItTakesItsAssignmentAndIdentityFilesOverMutualTlsFromItsLssOnly() throws Exception {
        IssuedCertificate pool =
                CA.issue(CertificateRequest.of("pool.lss-1", LOOPBACK), Usage.PEER, Duration.ofHours(1));
        Path tls = Files.createDirectories(directory.resolve("pool-tls"));
        Files.writeString(tls.resolve("pool.pem"), PemFiles.toPem(List.of(pool.certificate())));
        Files.writeString(tls.resolve("pool-key.pem"), PemFiles.toPem(pool.privateKey()));
        Files.writeString(tls.resolve("ca.pem"), PemFiles.toPem(List.of(CA.certificate())));
        int poolPort = freePort();
        Path files = directory.resolve("emptydir");
        NetworkAssignment network = new NetworkAssignment(
                "127.0.0.1",
                poolPort,
                tls.resolve("pool.pem"),
                tls.resolve("pool-key.pem"),
                tls.resolve("ca.pem"),
                "lss",
                files);
        Path warm = directory.resolve("pod.warm");
        CompletableFuture<ExitCode> run =
                CompletableFuture.supplyAsync(() -> pooled().run(network, Optional.of(warm)), runner);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(warm));

        // The identity's files exist only in the LSS until the assignment: sent with it, written by the pod.
        URI serviceUrl = URI.create("https://127.0.0.1:" + freePort());
        List<String> arguments = new ArrayList<>(sessionService("s2", "probe", serviceUrl));
        Map<String, String> identity = new TreeMap<>();
        for (String flag : List.of("--cert", "--key", "--ca")) {
            int at = arguments.indexOf(flag);
            Path given = Path.of(arguments.get(at + 1));
            identity.put(given.getFileName().toString(), Files.readString(given));
            arguments.set(at + 1, files.resolve(given.getFileName()).toString());
        }
        URI poolUrl = URI.create("https://127.0.0.1:" + poolPort);
        try (ServiceClient stranger = client("model.s2");
                ServiceClient lssClient = client("lss")) {
            PoolAssignRequest request = new PoolAssignRequest(new PoolAssignment(arguments, Map.of()), identity);
            assertThatThrownBy(() -> stranger.call(poolUrl, PoolAssignRequest.ACTION, request))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(403));
            assertThat(run).isNotDone();
            assertThat(lssClient
                            .call(poolUrl, PoolAssignRequest.ACTION, request)
                            .path("service")
                            .asText())
                    .isEqualTo("probe");
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> confirmations.size() == 2);
        assertThat((String) confirmations.get(0)).contains("CN=probe.s2");
        assertThat(confirmations.get(1)).isEqualTo(new ConfirmRequest("s2", "probe", serviceUrl));
        try (ServiceClient tester = client("tester")) {
            tester.requestShutdown(serviceUrl);
        }
        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
    }

    private static ServiceClient client(String commonName) {
        return new ServiceClient(
                TlsMaterial.of(CA.issue(
                                CertificateRequest.of(commonName, List.of()), Usage.CLIENT, Duration.ofHours(1)))
                        .clientContext(),
                ClientOptions.DEFAULT);
    }

    @Test
    void anAssignmentWithoutASessionIdentityIsRefusedAndTheJvmExits() throws Exception {
        List<String> arguments = new ArrayList<>(sessionService("s1", "probe", URI.create("https://127.0.0.1:1")));
        int at = arguments.indexOf("--session-id");
        arguments.subList(at, at + 2).clear();
        byte[] line = (new PoolAssignment(arguments, Map.of()).toLine() + "\n").getBytes(StandardCharsets.UTF_8);

        ExitCode exit = pooled().run(new ByteArrayInputStream(line), Optional.empty());

        assertThat(exit).isEqualTo(ExitCode.INVALID_CONFIGURATION);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("opentwin run --pooled: refused the pool assignment: it lacks --session-id");
        assertThat(confirmations).isEmpty();
    }

    @Test
    void anAssignmentForAServiceItCannotBecomeIsRefused() throws Exception {
        List<String> arguments = new ArrayList<>(sessionService("s1", "probe", URI.create("https://127.0.0.1:1")));
        arguments.set(0, "model");
        byte[] line = (new PoolAssignment(arguments, Map.of()).toLine() + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(pooled().run(new ByteArrayInputStream(line), Optional.empty()))
                .isEqualTo(ExitCode.INVALID_CONFIGURATION);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("it names the service 'model'");
    }

    @Test
    void inputClosedWithoutAnAssignmentStopsItCleanlyOnceWarm() {
        Path warm = directory.resolve("jvm-2.warm");

        ExitCode exit = pooled().run(new ByteArrayInputStream(new byte[0]), Optional.of(warm));

        assertThat(exit).isEqualTo(ExitCode.OK);
        assertThat(warm).exists();
    }

    /** What the LSS assigns: the flags of a session service with its own certificate files. */
    private List<String> sessionService(String session, String service, URI url) throws IOException {
        IssuedCertificate issued =
                CA.issue(CertificateRequest.of(service + "." + session, LOOPBACK), Usage.PEER, Duration.ofHours(1));
        Path files = Files.createDirectories(directory.resolve(session).resolve(service));
        Files.writeString(files.resolve("service.pem"), PemFiles.toPem(List.of(issued.certificate())));
        Files.writeString(files.resolve("service-key.pem"), PemFiles.toPem(issued.privateKey()));
        Files.writeString(files.resolve("ca.pem"), PemFiles.toPem(List.of(CA.certificate())));
        return List.of(
                service,
                "--service-url",
                url.toString(),
                "--bind",
                "127.0.0.1",
                "--cert",
                files.resolve("service.pem").toString(),
                "--key",
                files.resolve("service-key.pem").toString(),
                "--ca",
                files.resolve("ca.pem").toString(),
                "--lss-url",
                lssUrl.toString(),
                "--session-id",
                session,
                "--session-service",
                service,
                "--shutdown-grace-ms",
                "500",
                "--stopped-by-parent");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
