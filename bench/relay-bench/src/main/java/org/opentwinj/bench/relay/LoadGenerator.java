package org.opentwinj.bench.relay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.CpuTime;
import org.opentwinj.bench.support.Sweep;
import org.opentwinj.bench.support.Tally;

/**
 * The one load generator every path gets: N websockets of the JDK's client, each driven by
 * its own virtual thread in a closed loop: send a frame, wait for its reply, check it
 * character for character ({@link Payload}), send the next. Anything but the expected reply
 * (another frame, a timeout, a closed websocket) counts as an error, never as a fast message;
 * after one the client opens a new websocket, and counts that too.
 *
 * <p>Each point gets a fresh {@link HttpClient}: its warm-up opens the websockets the measured
 * period then keeps using, and nothing of the previous point is left open. Clients present no
 * certificate (thin clients do not have one); they trust the bench CA.
 *
 * <p>Closed loop means latency is the round trip as one client sees it, and throughput is what
 * N such clients get; a slow path is not offered more load than it takes (no
 * coordinated-omission correction).
 */
final class LoadGenerator implements Sweep.Load<PointResult> {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Target target;
    private final SSLContext tls;
    private final Duration requestTimeout;
    private final int echoPort;
    private final ProcessHandle echo;

    LoadGenerator(Target target, SSLContext tls, Duration requestTimeout, int echoPort, ProcessHandle echo) {
        this.target = target;
        this.tls = tls;
        this.requestTimeout = requestTimeout;
        this.echoPort = echoPort;
        this.echo = echo;
    }

    @Override
    public String name() {
        return target.name();
    }

    Target target() {
        return target;
    }

    private static HttpClient newClient(SSLContext tls, ExecutorService executor) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(executor)
                .build();
    }

    /**
     * One message through the path before any load, checked like every later one, and the TLS
     * the clients' side of the path negotiates (from an HTTPS request to the same port).
     *
     * @return e.g. {@code TLSv1.3 TLS_AES_256_GCM_SHA384}
     * @throws IOException describing what the path answered instead
     */
    String probe() throws IOException, InterruptedException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = newClient(tls, executor)) {
            Connection connection = open(http);
            try {
                connection.socket.sendText(Payload.request(1), true).join();
                Object reply = connection.inbox.poll(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!(reply instanceof String text) || !Payload.isReply(text, 1, target.caller())) {
                    throw new IOException(
                            target.name() + " answered " + reply + ", expected " + Payload.reply(1, target.caller()));
                }
            } finally {
                connection.close();
            }
            HttpResponse<String> info = http.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.entryPort() + "/"))
                            .timeout(requestTimeout)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return info.sslSession()
                    .map(s -> s.getProtocol() + " " + s.getCipherSuite())
                    .orElse("no TLS session?");
        }
    }

    /**
     * Connects once with the given subprotocols and reports how the path closed it, e.g. the
     * relay without a token: {@code closed with 4401 (no token: ...)}.
     */
    String probeRefusal(List<String> subprotocols) throws InterruptedException {
        Target other = new Target(
                target.name(), target.uri(), subprotocols, false, target.caller(), target.entryPort(), target.proxy());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = newClient(tls, executor)) {
            Connection connection;
            try {
                connection = new LoadGenerator(other, tls, requestTimeout, echoPort, echo).open(http);
            } catch (IOException e) {
                return "refused the upgrade (" + e.getMessage() + ")";
            }
            Object first = connection.inbox.poll(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            connection.close();
            return first instanceof Closed closed
                    ? "closed with " + closed.code() + " (" + closed.reason() + ")"
                    : "answered " + first;
        }
    }

    /** Runs one point: warm-up, then the measured period, with {@code clients} concurrent websockets. */
    @Override
    public PointResult run(int clients, Duration warmup, Duration measure) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long endAt = measureFrom + measure.toNanos();
        List<Future<Worker>> futures = new ArrayList<>();
        // The clients keep their websockets open until the connections were counted at the end.
        CountDownLatch counted = new CountDownLatch(1);
        long proxyCpu0, proxyCpu1, echoCpu0, echoCpu1, clientCpu0, clientCpu1;
        Set<String> before, after, upstreamBefore, upstreamAfter;
        ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = newClient(tls, httpExecutor);
        try (ExecutorService clientsPool = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (int i = 0; i < clients; i++) {
                    futures.add(clientsPool.submit(() -> new Worker(http, measureFrom, endAt, counted).run()));
                }
                sleepUntil(measureFrom);
                proxyCpu0 = target.proxy() == null ? -1 : ChildProcesses.cpuNanos(target.proxy());
                echoCpu0 = ChildProcesses.cpuNanos(echo);
                clientCpu0 = ChildProcesses.ownCpuNanos();
                before = TcpConnections.established(ProcessHandle.current(), target.entryPort());
                upstreamBefore = target.proxy() == null ? null : TcpConnections.established(target.proxy(), echoPort);
                sleepUntil(endAt);
                proxyCpu1 = target.proxy() == null ? -1 : ChildProcesses.cpuNanos(target.proxy());
                echoCpu1 = ChildProcesses.cpuNanos(echo);
                clientCpu1 = ChildProcesses.ownCpuNanos();
                after = TcpConnections.established(ProcessHandle.current(), target.entryPort());
                upstreamAfter = target.proxy() == null ? null : TcpConnections.established(target.proxy(), echoPort);
            } finally {
                counted.countDown();
            }
        } finally {
            http.shutdownNow();
            http.awaitTermination(Duration.ofSeconds(5));
            httpExecutor.shutdownNow();
        }
        return collect(
                clients,
                futures,
                measureFrom,
                CpuTime.between(proxyCpu0, proxyCpu1),
                CpuTime.between(echoCpu0, echoCpu1),
                CpuTime.between(clientCpu0, clientCpu1),
                before,
                after,
                upstreamBefore,
                upstreamAfter,
                measure.toNanos());
    }

    private PointResult collect(
            int clients,
            List<Future<Worker>> futures,
            long measureFrom,
            long proxyCpu,
            long echoCpu,
            long clientCpu,
            Set<String> before,
            Set<String> after,
            Set<String> upstreamBefore,
            Set<String> upstreamAfter,
            long measuredNanos)
            throws InterruptedException {
        List<Tally> tallies = new ArrayList<>();
        long reopened = 0;
        for (Worker w : Tally.finished(futures, requestTimeout.plusSeconds(5), target.name())) {
            tallies.add(w.tally);
            reopened += Math.max(0, w.opened - 1);
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
                count(after),
                opened(before, after),
                count(upstreamAfter),
                opened(upstreamBefore, upstreamAfter),
                reopened,
                proxyCpu,
                echoCpu,
                clientCpu,
                measuredNanos);
    }

    private static int count(Set<String> connections) {
        return connections == null ? -1 : connections.size();
    }

    private static int opened(Set<String> before, Set<String> after) {
        return before == null || after == null
                ? -1
                : (int) after.stream().filter(c -> !before.contains(c)).count();
    }

    /** Opens a websocket and, on the relay, takes its welcome. */
    private Connection open(HttpClient http) throws IOException, InterruptedException {
        Connection connection = new Connection();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        List<String> protocols = target.subprotocols();
        if (!protocols.isEmpty()) {
            builder.subprotocols(
                    protocols.getFirst(), protocols.subList(1, protocols.size()).toArray(String[]::new));
        }
        try {
            connection.socket =
                    builder.buildAsync(target.uri(), connection).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("cannot open the websocket: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IOException("cannot open the websocket within " + requestTimeout.toMillis() + " ms", e);
        }
        if (target.welcome()) {
            Object first = connection.inbox.poll(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!(first instanceof String text) || !text.startsWith("{\"type\":\"welcome\"")) {
                connection.socket.abort();
                throw new IOException("expected a welcome, got " + first);
            }
        }
        return connection;
    }

    /** How a websocket ended, as the client saw it. */
    record Closed(int code, String reason) {}

    /** One websocket and what arrived on it, in order. */
    private static final class Connection implements WebSocket.Listener {
        final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) {
                inbox.add("(a binary frame)");
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            // The JDK answers the ping (the relay's keep-alive) with a pong by itself.
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.add(error);
        }

        /** A normal close, waiting a moment for the peer's close frame; then the socket is dropped. */
        void close() throws InterruptedException {
            WebSocket current = socket;
            try {
                current.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                Object next;
                while ((next = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                    if (next instanceof Closed || next instanceof Throwable) {
                        break;
                    }
                }
            } catch (ExecutionException | TimeoutException e) {
                // Closing is best effort: abort below.
            } finally {
                current.abort();
            }
        }
    }

    /** One client: its own websocket and tally, so clients never contend on shared state. */
    private final class Worker {
        final Tally tally;
        final HttpClient http;
        final long endAt;
        final CountDownLatch counted;
        long opened;
        long nextId = 1;
        Connection connection;

        Worker(HttpClient http, long measureFrom, long endAt, CountDownLatch counted) {
            this.tally = new Tally(measureFrom);
            this.http = http;
            this.endAt = endAt;
            this.counted = counted;
        }

        Worker run() throws InterruptedException {
            try {
                while (System.nanoTime() < endAt && !Thread.currentThread().isInterrupted()) {
                    if (connection == null && !connect()) {
                        continue;
                    }
                    long id = nextId++;
                    long begin = System.nanoTime();
                    String failure = exchange(id);
                    long end = System.nanoTime();
                    if (failure == null) {
                        tally.success(begin, end);
                    } else {
                        failed(failure, begin, end);
                        // The websocket's state is unknown now (a late reply would answer the next id): start afresh.
                        connection.socket.abort();
                        connection = null;
                    }
                }
            } finally {
                counted.await(10, TimeUnit.SECONDS);
                if (connection != null) {
                    connection.close();
                }
            }
            return this;
        }

        private boolean connect() throws InterruptedException {
            long begin = System.nanoTime();
            try {
                connection = open(http);
                opened++;
                return true;
            } catch (IOException e) {
                failed("connect: " + e.getMessage(), begin, System.nanoTime());
                return false;
            }
        }

        private void failed(String failure, long begin, long end) throws InterruptedException {
            tally.failure(failure.length() > 200 ? failure.substring(0, 200) + "..." : failure, begin, end);
            // A refused connection fails in microseconds; do not spin on a dead path.
            Thread.sleep(10);
        }

        /** @return null on success, else what went wrong */
        private String exchange(long id) throws InterruptedException {
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            try {
                connection
                        .socket
                        .sendText(Payload.request(id), true)
                        .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return "send failed: " + (e.getCause() == null ? e : e.getCause());
            } catch (TimeoutException e) {
                return "send not done after " + requestTimeout.toMillis() + " ms";
            }
            Object reply = connection.inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return switch (reply) {
                case null -> "no reply within " + requestTimeout.toMillis() + " ms";
                case String text when Payload.isReply(text, id, target.caller()) -> null;
                // Numbers replaced, so that one kind of wrong reply is counted as one kind.
                case String text -> "unexpected reply: " + text.replaceAll("\\d+", "N");
                case Closed closed -> "websocket closed by the other side: " + closed.code() + " " + closed.reason();
                case Throwable error -> "websocket error: " + error;
                default -> "unexpected: " + reply;
            };
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
