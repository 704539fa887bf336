package org.opentwinj.cli.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The images' health check ({@code HEALTHCHECK CMD}): {@code GET /readyz} of the service
 * running in this container, on 127.0.0.1 and the port of its {@code --service-url} (read
 * from the service's command line) or {@code OPEN_TWIN_SERVICE_URL}. Exit code 0 when it
 * answers 200, 1 otherwise, with one line saying why.
 *
 * <p>Like the kubelet's HTTPS probes it does not verify the certificate: it only ever dials
 * the loopback address of its own container and sends nothing but a GET. It is an entry point
 * of its own, not an {@code opentwin} command, so that it loads a handful of classes and runs
 * in a small JVM every few seconds.
 */
public final class ContainerHealthCheck {
    static final String MAIN_CLASS = "org.opentwinj.cli.OpenTwinCli";
    private static final int TIMEOUT_MS = 5_000;

    private ContainerHealthCheck() {}

    public static void main(String[] args) {
        int code;
        try {
            int port = servicePort(Path.of("/proc"), System.getenv())
                    .orElseThrow(() -> new IllegalStateException("no --service-url or OPEN_TWIN_SERVICE_URL found"));
            code = probe(port);
        } catch (RuntimeException e) {
            System.out.println("unhealthy: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private static int probe(int port) {
        String url = "https://127.0.0.1:" + port + "/readyz";
        try {
            HttpsURLConnection connection =
                    (HttpsURLConnection) URI.create(url).toURL().openConnection();
            connection.setSSLSocketFactory(loopbackOnly().getSocketFactory());
            connection.setHostnameVerifier((host, session) -> "127.0.0.1".equals(host));
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            int status = connection.getResponseCode();
            String body = read(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            System.out.println((status == 200 ? "ready: " : "not ready: ") + url + " answered " + status + " " + body);
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            System.out.println("unhealthy: " + url + ": " + e);
            return 1;
        }
    }

    /**
     * The port of the service in this container: from the {@code --service-url} flag of the
     * first {@code opentwin run} process that is not a session service the LSS started,
     * else from the environment.
     */
    static Optional<Integer> servicePort(Path proc, Map<String, String> environment) {
        Optional<String> url = serviceProcesses(proc).stream()
                .map(ContainerHealthCheck::flagUrl)
                .flatMap(Optional::stream)
                .findFirst();
        return url.or(() -> Optional.ofNullable(environment.get("OPEN_TWIN_SERVICE_URL")))
                .map(ContainerHealthCheck::port);
    }

    /** Command lines of {@code opentwin run} processes that are not session services, lowest pid first. */
    static List<List<String>> serviceProcesses(Path proc) {
        List<List<String>> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .sorted((a, b) -> Long.compare(
                            Long.parseLong(a.getFileName().toString()),
                            Long.parseLong(b.getFileName().toString())))
                    .forEach(p -> commandLine(p)
                            .filter(ContainerHealthCheck::isService)
                            .ifPresent(found::add));
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    private static boolean isService(List<String> args) {
        int main = args.indexOf(MAIN_CLASS);
        return main >= 0
                && main + 1 < args.size()
                && args.get(main + 1).equals("run")
                && !args.contains("--session-id");
    }

    private static Optional<List<String>> commandLine(Path process) {
        try {
            byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            return Optional.of(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> flagUrl(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--service-url") && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith("--service-url=")) {
                return Optional.of(arg.substring("--service-url=".length()));
            }
        }
        return Optional.empty();
    }

    private static int port(String url) {
        try {
            URL parsed = URI.create(url.strip()).toURL();
            int port = parsed.getPort();
            return port > 0 ? port : 443;
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalStateException("invalid service URL '" + url + "': " + e.getMessage(), e);
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            String text = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip();
            return text.replace('\n', ' ');
        }
    }

    /** Accepts the service's certificate without checking it: the peer is this container's own loopback. */
    private static SSLContext loopbackOnly() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                                throw new UnsupportedOperationException("the health check is a client only");
                            }

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                                // The loopback peer is the service this probe belongs to.
                            }

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS: " + e.getMessage(), e);
        }
    }
}
