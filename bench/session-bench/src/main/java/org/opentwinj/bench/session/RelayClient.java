package org.opentwinj.bench.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A thin websocket client of the relay, as a program would write one with the JDK's
 * {@link WebSocket}: the user's token in the {@code Authorization} header, the subprotocol
 * {@code opentwin.v1}, one message and its reply. One connection per session.
 */
final class RelayClient implements AutoCloseable {
    private static final String PROTOCOL = "opentwin.v1";

    private final HttpClient http;
    private final BlockingQueue<String> frames;
    private final WebSocket socket;

    private RelayClient(HttpClient http, WebSocket socket, BlockingQueue<String> frames) {
        this.http = http;
        this.socket = socket;
        this.frames = frames;
    }

    /**
     * Connects and waits for the relay's welcome.
     *
     * @throws IllegalStateException when it does not connect or the first frame is no welcome
     */
    static RelayClient connect(SSLContext trust, URI relayHttps, String session, String token, Duration timeout)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(timeout)
                .build();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .subprotocols(PROTOCOL)
                    .connectTimeout(timeout)
                    .buildAsync(RelayFrames.websocket(relayHttps, session), new Listener(frames))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            http.close();
            throw e;
        } catch (Exception e) {
            http.close();
            throw new IllegalStateException("cannot connect to the relay for session " + session + ": " + e, e);
        }
        RelayClient client = new RelayClient(http, socket, frames);
        String first = client.next(timeout);
        if (first == null || !RelayFrames.parse(first).path("type").asText().equals("welcome")) {
            client.close();
            throw new IllegalStateException("the relay sent no welcome for session " + session + ": " + first);
        }
        return client;
    }

    private String next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Sends one echo message for {@code service} and waits for its reply.
     *
     * @return null when the reply came and echoed the message, otherwise why not
     */
    String echo(long id, String service, String text, Duration timeout) throws InterruptedException {
        socket.sendText(RelayFrames.echo(id, service, text), true).join();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return "no reply within " + timeout.toSeconds() + " s";
            }
            String frame = next(Duration.ofNanos(left));
            if (frame == null) {
                continue;
            }
            if (frame.startsWith(Listener.CLOSED)) {
                return "the relay closed the connection: " + frame.substring(Listener.CLOSED.length());
            }
            String outcome = RelayFrames.outcome(RelayFrames.parse(frame), id, text);
            if (outcome != null) {
                return outcome.isEmpty() ? null : outcome;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The session may be closing already (the relay closes with 4409): nothing left to tell it.
            socket.abort();
        }
        http.close();
    }

    /** Collects whole text frames; a close becomes a frame starting with {@link #CLOSED}. */
    private static final class Listener implements WebSocket.Listener {
        static final String CLOSED = "\u0000closed ";
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<String> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add(CLOSED + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            frames.add(CLOSED + "error " + error);
        }
    }
}
