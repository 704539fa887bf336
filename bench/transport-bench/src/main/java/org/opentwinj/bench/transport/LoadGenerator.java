package org.opentwinj.bench.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.CpuTime;
import org.opentwinj.bench.support.Sweep;
import org.opentwinj.bench.support.Tally;

/**
 * The one load generator both targets get: a closed loop of N virtual threads, each sending
 * {@code POST /execute} back to back through one shared JDK {@link HttpClient} (HTTP/1.1,
 * keep-alive, the client certificate), built like the project's
 * {@code ServiceClient} builds its client. Every reply is checked (status 200 and the exact
 * expected body); anything else is counted as an error, never as a fast request.
 *
 * <p>Each point gets a fresh client: its warm-up opens the connections the measured period
 * then reuses, and no idle connection of the previous level is left in its pool.
 *
 * <p>Closed loop means a client waits for its reply before it sends again, so latency is
 * the round trip as a caller sees it, and throughput is what N such callers get; a slow
 * server is not offered more load than it takes (no coordinated-omission correction).
 */
final class LoadGenerator implements Sweep.Load<PointResult> {

    private final Target target;
    private final SSLContext clientTls;
    private final HttpRequest request;
    private final Duration requestTimeout;

    LoadGenerator(Target target, SSLContext clientTls, Duration requestTimeout) {
        this.target = target;
        this.clientTls = clientTls;
        this.requestTimeout = requestTimeout;
        // One immutable request, sent again and again: the body is the same bytes every time.
        this.request = HttpRequest.newBuilder(target.baseUri().resolve(Payload.PATH))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payload.REQUEST))
                .build();
    }

    /** Same settings as {@code ServiceClient}: HTTP/1.1, no redirects, virtual-thread executor. */
    static HttpClient newClient(SSLContext tls, ExecutorService executor) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /**
     * One request, checked, before any load: proves the target answers the expected bytes.
     *
     * @return the negotiated TLS protocol and cipher suite
     * @throws IOException describing what the target answered instead
     */
    String probe() throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = newClient(clientTls, executor)) {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), Payload.REPLY)) {
            throw new IOException(target.name() + " answered HTTP " + response.statusCode() + " with '"
                    + new String(response.body(), StandardCharsets.UTF_8) + "', expected 200 with '"
                    + Payload.REPLY_TEXT + "'");
        }
        return response.sslSession()
                .map(s -> s.getProtocol() + " " + s.getCipherSuite())
                .orElse("no TLS session?");
    }

    /**
     * Proves mutual TLS is enforced: the same request from a client without a certificate
     * must not succeed.
     *
     * @return what the target did, e.g. {@code HTTP 401} or {@code refused the connection (...)}
     * @throws IOException if the request without a certificate got a 200
     */
    String probeWithoutCertificate(SSLContext trustOnly) throws IOException, InterruptedException {
        int status;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient anonymous = newClient(trustOnly, executor)) {
            status = anonymous
                    .send(request, HttpResponse.BodyHandlers.ofByteArray())
                    .statusCode();
        } catch (IOException refused) {
            // A server may also refuse during the handshake: enforced all the same.
            return "refused the connection (" + refused.getClass().getSimpleName() + ")";
        }
        if (status == 200) {
            throw new IOException(
                    target.name() + " answered 200 to a client without a certificate: mTLS is not enforced");
        }
        return "HTTP " + status;
    }

    /** Runs one point: warm-up, then the measured period, with {@code clients} concurrent clients. */
    @Override
    public PointResult run(int clients, Duration warmup, Duration measure) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long endAt = measureFrom + measure.toNanos();
        List<Future<Worker>> futures = new ArrayList<>();
        long serverCpu0, serverCpu1, clientCpu0, clientCpu1;
        Set<String> connectionsBefore, connectionsAfter;
        // Closing order (reverse of opening): wait for the clients, close the HttpClient, then its executor.
        try (ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = newClient(clientTls, httpExecutor);
                ExecutorService clientsPool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                futures.add(clientsPool.submit(() -> new Worker(http, measureFrom, endAt).run()));
            }
            sleepUntil(measureFrom);
            serverCpu0 = ChildProcesses.cpuNanos(target.process());
            clientCpu0 = ChildProcesses.ownCpuNanos();
            connectionsBefore = TcpConnections.established(target.port());
            sleepUntil(endAt);
            serverCpu1 = ChildProcesses.cpuNanos(target.process());
            clientCpu1 = ChildProcesses.ownCpuNanos();
            connectionsAfter = TcpConnections.established(target.port());
        }
        int connections = connectionsAfter == null ? -1 : connectionsAfter.size();
        int opened = connectionsAfter == null || connectionsBefore == null
                ? -1
                : (int) connectionsAfter.stream()
                        .filter(c -> !connectionsBefore.contains(c))
                        .count();
        return collect(
                clients,
                futures,
                measureFrom,
                CpuTime.between(serverCpu0, serverCpu1),
                CpuTime.between(clientCpu0, clientCpu1),
                connections,
                opened,
                measure.toNanos());
    }

    private PointResult collect(
            int clients,
            List<Future<Worker>> futures,
            long measureFrom,
            long serverCpu,
            long clientCpu,
            int connections,
            int opened,
            long measuredNanos)
            throws InterruptedException {
        List<Tally> tallies = new ArrayList<>();
        for (Worker w : Tally.finished(futures, requestTimeout.plusSeconds(5), target.name())) {
            tallies.add(w.tally);
        }
        Tally t = Tally.sum(measureFrom, tallies);
        return new PointResult(
                target.name(),
                clients,
                t.latencyMicros(),
                t.ok(),
                t.errors(),
                t.warmupErrors(),
                t.errorKinds(),
                t.elapsedNanos(),
                connections,
                opened,
                serverCpu,
                clientCpu,
                measuredNanos);
    }

    /** One client: its own tally, so clients never contend on shared state. */
    private final class Worker {
        final Tally tally;
        final HttpClient http;
        final long endAt;

        Worker(HttpClient http, long measureFrom, long endAt) {
            this.tally = new Tally(measureFrom);
            this.http = http;
            this.endAt = endAt;
        }

        Worker run() {
            while (true) {
                long begin = System.nanoTime();
                if (begin >= endAt || Thread.currentThread().isInterrupted()) {
                    return this;
                }
                String failure = exchange();
                long end = System.nanoTime();
                if (failure == null) {
                    tally.success(begin, end);
                } else {
                    tally.failure(failure, begin, end);
                    // A refused connection fails in microseconds; do not spin on a dead server.
                    pause();
                }
            }
        }

        /** @return null on success, else what went wrong */
        private String exchange() {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    return "HTTP " + response.statusCode();
                }
                return Arrays.equals(response.body(), Payload.REPLY) ? null : "unexpected body";
            } catch (HttpTimeoutException e) {
                return "timeout after " + requestTimeout.toMillis() + " ms";
            } catch (IOException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        private void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public String name() {
        return target.name();
    }

    Target target() {
        return target;
    }
}
