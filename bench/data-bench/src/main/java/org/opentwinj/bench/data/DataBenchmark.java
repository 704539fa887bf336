package org.opentwinj.bench.data;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.management.OperatingSystemMXBean;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.bench.support.MissingPrerequisiteException;
import org.opentwinj.bench.support.RunDirectory;
import org.opentwinj.platform.arrays.ArrayCodec;
import org.opentwinj.platform.arrays.NdArray;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.services.database.DurableH2Backend;
import org.opentwinj.services.model.ModelOptions;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.data.DataEndpoint;
import org.opentwinj.services.model.data.cache.PayloadCache;
import org.opentwinj.services.model.data.cache.PayloadCacheOptions;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;
import org.opentwinj.services.relay.Relay;
import org.opentwinj.services.relay.RelayConfig;
import org.opentwinj.services.web.DataGateway;

/**
 * The data path benchmark: one result of float32 arrays (100 MiB by default) saved in a real
 * Model on the embedded database (GridFS), fetched by a thin client (one-way TLS, the access
 * token) through the web service's {@code /data}, the relay's {@code /data} and the Model's
 * {@code /data} (mutual TLS between the hops), each the production class on its own HTTPS
 * server in this JVM; and the same bytes as a static file from nginx over HTTPS. Fetches
 * alternate between the two paths so that drift of the machine hits both; the first fetch of
 * each is untimed and checked byte for byte (SHA-256). The GSS is a stand-in answering the
 * session's routes.
 */
public final class DataBenchmark {
    static final String SESSION = "bench-session";
    static final String ENTITY = "result";
    static final String DATA_PATH = "/data/" + SESSION + "/" + ENTITY;

    /** The fake GSS's request. */
    record RoutesRequest(String session) {}

    private static final Harness<DataBenchOptions> HARNESS = new Harness<>(
            "data-bench",
            DataBenchmark.class,
            () -> "run.sh [--quick] [--megabytes N] [--rounds N] [--nginx PATH] [--out FILE]",
            DataBenchOptions::parse,
            DataBenchOptions::out,
            "failed fetches",
            DataBenchmark::benchmark);

    private DataBenchmark() {}

    public static void main(String[] args) {
        System.exit(HARNESS.execute(List.of(args)));
    }

    static Harness.Outcome benchmark(DataBenchOptions options, String command)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(options.nginx())) {
            throw new MissingPrerequisiteException("nginx not found at " + options.nginx()
                    + ": install nginx-light (apt-get install nginx-light) or pass --nginx PATH");
        }
        String load = MachineInfo.loadAverage();
        try (RunDirectory run = RunDirectory.create("data-bench", false)) {
            Path dir = run.path();
            BenchPki pki = BenchPki.create(dir, "Data Bench CA", Duration.ofHours(6));
            pki.writePeer("nginx");
            byte[] payload = payload(options.megabytes());
            String sha256 = sha256(payload);
            progress("payload: " + payload.length + " bytes, sha256 " + sha256);

            MongoServer mongo = new MongoServer(DurableH2Backend.open(dir.resolve("bench.mv.db")));
            run.add(mongo::shutdownNow);
            InetSocketAddress address = mongo.bind();
            DatabaseConnection database = run.add(DatabaseConnection.open(
                    "mongodb://127.0.0.1:" + address.getPort() + "/bench", Duration.ofSeconds(30)));
            ProjectModel model =
                    new ProjectModel(database.database(), "bench", ModelOptions.DEFAULTS, Clock.systemUTC()).open();
            save(model, payload);
            progress("saved in the Model (GridFS)");

            TokenIssuer issuer = new TokenIssuer(TokenIssuer.generateKey(), Clock.systemUTC());
            TokenVerifier tokens = new TokenVerifierFromKeys(new JWKSet(issuer.publicKey()));
            String token = issuer.issue("bench", List.of("user"), TokenIssuer.ACCESS, Duration.ofHours(6), "bench")
                    .token();

            ProjectAccess access = new ProjectAccess((project, user) -> "owner", SESSION, Clock.systemUTC());
            URI modelUrl = server(
                    run,
                    pki,
                    "model",
                    tokens,
                    DataEndpoint.route(
                            () -> model,
                            access,
                            database.database(),
                            PayloadCache.open(new PayloadCacheOptions(
                                    dir.resolve("payload-cache"), PayloadCacheOptions.DEFAULT_MAX_BYTES))),
                    new ActionRegistry());
            URI gssUrl = server(run, pki, "gss", tokens, null, fakeGss(modelUrl));
            ServiceClient relayClient = run.add(
                    new ServiceClient(TlsMaterial.of(pki.peer("relay")).clientContext(), ClientOptions.DEFAULT));
            Relay relay = new Relay(relayClient, gssUrl, tokens, RelayConfig.DEFAULTS);
            URI relayUrl = server(run, pki, "relay", tokens, relay.dataRoute(), new ActionRegistry());
            run.add(relay);
            ServiceClient webClient =
                    run.add(new ServiceClient(TlsMaterial.of(pki.peer("web")).clientContext(), ClientOptions.DEFAULT));
            URI webUrl =
                    server(run, pki, "web", tokens, new DataGateway(webClient, relayUrl).route(), new ActionRegistry());

            Path file = dir.resolve("www" + DATA_PATH);
            Files.createDirectories(file.getParent());
            Files.write(file, payload);
            // nginx's workers run as an unprivileged user when the harness is root: let them
            // read the file (the payload is random numbers; the keys stay 0600).
            for (Path path = file; path.startsWith(dir); path = path.getParent()) {
                Files.setPosixFilePermissions(
                        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            int nginxPort = ChildProcesses.freePort();
            Files.writeString(dir.resolve("nginx.conf"), nginxConfig(dir, nginxPort), StandardCharsets.UTF_8);
            Process nginx = new ProcessBuilder(
                            options.nginx().toString(),
                            "-p",
                            dir.toString(),
                            "-e",
                            dir.resolve("nginx-error.log").toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            List<ProcessHandle> workers = List.of();
            try {
                ChildProcesses.awaitListening(
                        nginx, nginxPort, Duration.ofSeconds(20), "nginx", dir.resolve("nginx-error.log"));
                workers = nginx.descendants().toList();
                URI nginxUrl = URI.create("https://localhost:" + nginxPort);
                try (HttpClient client = HttpClient.newBuilder()
                                .sslContext(pki.trustOnly())
                                .version(HttpClient.Version.HTTP_1_1)
                                .build();
                        HttpClient service = HttpClient.newBuilder()
                                .sslContext(TlsMaterial.of(pki.peer("probe")).clientContext())
                                .version(HttpClient.Version.HTTP_1_1)
                                .build()) {
                    Fetch platform = new Fetch(client, webUrl.resolve(DATA_PATH), token);
                    Fetch static_ = new Fetch(client, nginxUrl.resolve(DATA_PATH), null);
                    Map<String, Fetch> hops = new LinkedHashMap<>();
                    hops.put(
                            "relay -> Model (the relay's /data, one-way TLS)",
                            new Fetch(client, relayUrl.resolve(DATA_PATH), token));
                    hops.put(
                            "Model alone (its /data, mTLS)",
                            new Fetch(service, modelUrl.resolve("/data/" + ENTITY), token));
                    // The first fetch fills the Model's payload cache from GridFS (timed, shown
                    // apart); every later one is served from the cache, as a result read again is.
                    long cold = System.nanoTime();
                    platform.check(payload.length, sha256);
                    double coldMs = (System.nanoTime() - cold) / 1e6;
                    progress("first fetch through the platform (cache filled from GridFS): " + coldMs + " ms");
                    static_.check(payload.length, sha256);
                    for (Fetch hop : hops.values()) {
                        hop.check(payload.length, sha256);
                    }
                    Map<String, double[]> hopMs = new LinkedHashMap<>();
                    hopMs.put(
                            "first fetch, web -> relay -> Model (the Model's payload cache filled from GridFS; not"
                                    + " in the ratio)",
                            new double[] {coldMs});
                    for (Map.Entry<String, Fetch> hop : hops.entrySet()) {
                        double[] ms = new double[options.rounds()];
                        for (int round = 0; round < ms.length; round++) {
                            ms[round] = hop.getValue().time(payload.length);
                        }
                        hopMs.put(hop.getKey(), ms);
                        progress(hop.getKey() + ": " + Arrays.toString(ms));
                    }
                    double[] platformMs = new double[options.rounds()];
                    double[] nginxMs = new double[options.rounds()];
                    double[] platformCpuMs = new double[options.rounds()];
                    double[] nginxCpuMs = new double[options.rounds()];
                    List<ProcessHandle> nginxProcesses = workers;
                    for (int round = 0; round < options.rounds(); round++) {
                        // Alternate which goes first, so that neither always follows the other's garbage.
                        for (int turn = 0; turn < 2; turn++) {
                            boolean platformTurn = (round + turn) % 2 == 0;
                            double cpu = cpuMs(nginxProcesses);
                            if (platformTurn) {
                                platformMs[round] = platform.time(payload.length);
                                platformCpuMs[round] = cpuMs(nginxProcesses) - cpu;
                            } else {
                                nginxMs[round] = static_.time(payload.length);
                                nginxCpuMs[round] = cpuMs(nginxProcesses) - cpu;
                            }
                        }
                        progress(String.format(
                                "round %d: platform %.0f ms (CPU %.0f ms), nginx %.0f ms (CPU %.0f ms, client and nginx)",
                                round + 1, platformMs[round], platformCpuMs[round], nginxMs[round], nginxCpuMs[round]));
                    }
                    DataReport report =
                            new DataReport(payload.length, platformMs, nginxMs, hopMs, platformCpuMs, nginxCpuMs);
                    List<String> machine = MachineInfo.collect(
                            "client and every OpenTwin/J hop (one JVM)", false, "Load average at the start: " + load);
                    return new Harness.Outcome(report.markdown(machine, nginxVersion(options.nginx()), command), 0);
                }
            } finally {
                ChildProcesses.stop(nginx, workers, Duration.ofSeconds(3));
            }
        }
    }

    /** One path: a GET with or without the token, its body read and counted (or hashed once). */
    private record Fetch(HttpClient client, URI url, String token) {
        HttpResponse<InputStream> get() throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
                }
                throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + body);
            }
            return response;
        }

        void check(long size, String sha256) throws IOException, InterruptedException {
            MessageDigest digest = digest();
            long read = 0;
            try (InputStream in = get().body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    read += n;
                }
            }
            String got = HexFormat.of().formatHex(digest.digest());
            if (read != size || !got.equals(sha256)) {
                throw new IOException("GET " + url + " gave " + read + " bytes with sha256 " + got + ", not " + size
                        + " bytes with " + sha256);
            }
        }

        double time(long size) throws IOException, InterruptedException {
            long start = System.nanoTime();
            long read = 0;
            try (InputStream in = get().body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read += n;
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (read != size) {
                throw new IOException("GET " + url + " gave " + read + " bytes, not " + size);
            }
            return ms;
        }
    }

    /** CPU time so far of this JVM (client and every hop) and of the given processes (nginx's), in ms. */
    private static double cpuMs(List<ProcessHandle> others) {
        double ms = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
        for (ProcessHandle process : others) {
            ms += process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
        }
        return ms;
    }

    /** prod = megabytes MiB of float32 values, one OTA1 block, seeded so every run saves the same bytes. */
    static byte[] payload(int megabytes) {
        int count = megabytes * 1024 * 1024 / 4;
        float[] values = new float[count];
        Random random = new Random(14);
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat();
        }
        return ArrayCodec.write(List.of(NdArray.ofFloats("field", new long[] {count}, "V/m", values)));
    }

    /** Staged in 4 MiB parts and saved in one version, as the CLI saves a large payload. */
    private static void save(ProjectModel model, byte[] payload) {
        String upload = null;
        int part = 4 * 1024 * 1024;
        for (int offset = 0; offset < payload.length; offset += part) {
            int length = Math.min(part, payload.length - offset);
            upload = model.stage(
                    upload, Base64.getEncoder().encodeToString(Arrays.copyOfRange(payload, offset, offset + length)));
        }
        model.save(
                "bench",
                new SaveRequest(
                        0,
                        "a large result",
                        List.of(new EntityPut(ENTITY, "result", ENTITY, null, null, null, null, upload, null)),
                        null));
    }

    private static ActionRegistry fakeGss(URI modelUrl) {
        return new ActionRegistry()
                .register(ActionSpec.internal(
                        Relay.ROUTES_ACTION,
                        RoutesRequest.class,
                        (request, call) -> Json.object()
                                .put("session", SESSION)
                                .put("user", "bench")
                                .put("project", "bench")
                                .put("state", "RUNNING")
                                .set("services", Json.object().put("model", modelUrl.toString()))));
    }

    private static URI server(
            RunDirectory run,
            BenchPki pki,
            String name,
            TokenVerifier tokens,
            StreamRoute route,
            ActionRegistry actions) {
        ServiceMetrics metrics = run.add(new ServiceMetrics(name));
        ServiceServer server = run.add(ServiceServer.start(
                new ServiceInfo(name, "bench", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0),
                TlsMaterial.of(pki.peer(name)).serverContext(),
                actions.tokenVerifier(tokens),
                metrics,
                List.of(),
                List.of(),
                List.of(),
                route == null ? List.of() : List.of(route)));
        return URI.create("https://localhost:" + server.port());
    }

    static String nginxConfig(Path dir, int port) {
        String d = dir.toAbsolutePath().toString();
        return """
                # Generated by the OpenTwin/J data benchmark for one run; deleted afterwards.
                daemon off;
                master_process on;
                worker_processes auto;
                pid "%1$s/nginx.pid";
                error_log "%1$s/nginx-error.log" warn;
                events { worker_connections 64; }
                http {
                    access_log off;
                    server_tokens off;
                    client_body_temp_path "%1$s/nginx-body";
                    proxy_temp_path "%1$s/nginx-proxy";
                    fastcgi_temp_path "%1$s/nginx-fastcgi";
                    uwsgi_temp_path "%1$s/nginx-uwsgi";
                    scgi_temp_path "%1$s/nginx-scgi";
                    sendfile on;
                    tcp_nopush on;
                    keepalive_timeout 300s;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate "%3$s";
                        ssl_certificate_key "%4$s";
                        ssl_protocols TLSv1.2 TLSv1.3;
                        root "%1$s/www";
                        default_type application/octet-stream;
                    }
                }
                """.formatted(d, port, BenchPki.certificate(dir, "nginx"), BenchPki.key(dir, "nginx"));
    }

    private static String nginxVersion(Path nginx) {
        try {
            Process p = new ProcessBuilder(nginx.toString(), "-v")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void progress(String message) {
        System.err.println("data-bench: " + message);
    }
}
