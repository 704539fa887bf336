package org.opentwinj.services.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the built web client from the class path ({@code /web/...} in the distribution),
 * with the security headers a browser application needs. Files under {@code assets/} carry a
 * content hash in their names (Vite's build), so they are cached for a year; the page itself
 * is never cached, so a new version of the platform reaches every browser at once.
 */
final class StaticContent {
    static final String ROOT = "/web";
    /** Paths that stay the platform's own endpoints. */
    static final Set<String> PLATFORM_PATHS = Set.of(
            "/info", "/healthz", "/readyz", "/metrics", "/execute", "/execute-one-way-tls", "/queue", "/shutdown");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final String root;
    private final String contentSecurityPolicy;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    StaticContent() {
        this(ROOT);
    }

    /**
     * The page connects only to its own origin: the API gateway and the relay's websocket
     * ({@link RelayBridge}) are both served here.
     *
     * @param root the class-path folder of the built client
     */
    StaticContent(String root) {
        this.root = root;
        this.contentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; "
                + "style-src 'self'; script-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** Whether the web client was built into this distribution. */
    boolean isBuilt() {
        return resource("/index.html").isPresent();
    }

    void serve(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (PLATFORM_PATHS.contains(path) || path.startsWith("/api/")) {
            res.next();
            return;
        }
        String file = path.equals("/") || path.isEmpty() ? "/index.html" : path;
        if (file.contains("..") || file.contains("//")) {
            res.status(Status.BAD_REQUEST_400).send("bad path");
            return;
        }
        Optional<byte[]> content = resource(file);
        if (content.isEmpty()) {
            if (file.equals("/index.html")) {
                res.status(Status.SERVICE_UNAVAILABLE_503)
                        .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .send(
                                "The web client was not built into this distribution (Node.js and npm are needed to build it);"
                                        + " the platform's API and the command line work without it.");
                return;
            }
            res.next();
            return;
        }
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        res.header(HeaderNames.CONTENT_TYPE, TYPES.getOrDefault(extension, "application/octet-stream"))
                .header(
                        HeaderNames.CACHE_CONTROL,
                        file.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache")
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .send(content.get());
    }

    private Optional<byte[]> resource(String file) {
        return cache.computeIfAbsent(file, name -> {
            try (InputStream in = StaticContent.class.getResourceAsStream(root + name)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the web client's " + name, e);
            }
        });
    }
}
