package org.opentwinj.platform.transport.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@code GET}s of stream routes (large payloads passed from hop to hop) over blocking TLS
 * sockets, HTTP/1.1 with keep-alive. The JDK {@code HttpClient} hands a body over in 16 KiB
 * pieces through its selector thread and executor, which cost three to four times the CPU of
 * the decryption itself per byte (measured: 430-1200 ms against 150-280 ms for 100 MiB); a
 * blocking socket decrypts straight into the reader's buffer on the reader's (virtual) thread.
 *
 * <p>Only what stream routes answer is understood: a status, headers and a body of
 * {@code Content-Length} bytes (an answer without one has no body here, and its connection is
 * not reused). Connections are reused once their body was read to its end; a reused connection
 * that the server closed meanwhile is replaced once, transparently (GET is idempotent). The
 * server certificate must chain to the context's CA and name the URL's host. Thread-safe.
 */
public final class StreamClient implements AutoCloseable {
    /** Connections idle for longer are not reused (servers close idle ones after a while). */
    static final Duration IDLE_REUSE = Duration.ofSeconds(30);
    /** Idle connections kept per peer. */
    static final int IDLE_PER_PEER = 4;

    private static final int HEADER_LIMIT = 64 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final SSLContext tls;
    private final ClientOptions options;
    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public StreamClient(SSLContext tls, ClientOptions options) {
        this.tls = tls;
        this.options = options;
    }

    /**
     * Sends {@code GET url} with these headers and returns the answer once its headers are in;
     * the caller reads the body and closes the answer. Each read of the status, the headers and
     * the body waits at most the request timeout.
     *
     * @throws PeerCallException (status 0) when the peer cannot be reached or answers nothing
     *     (or not HTTP) within the timeouts
     */
    public StreamAnswer get(URI url, Map<String, String> headers) {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("an https URL with a host is needed: " + url);
        }
        byte[] request = request(url, headers);
        String peer = peerKey(url);
        String action = "GET " + url.getPath();
        while (true) {
            Connection connection = reusable(peer);
            boolean reused = connection != null;
            try {
                if (connection == null) {
                    connection = connect(url);
                }
                return exchange(connection, request, peer);
            } catch (StaleConnectionException e) {
                connection.close();
                // The server closed the idle connection before our request: a fresh one then.
            } catch (SocketTimeoutException e) {
                closeQuietly(connection);
                throw new PeerCallException(
                        url,
                        action,
                        0,
                        (connection == null ? "connect" : "no answer") + " within "
                                + (connection == null ? options.connectTimeout() : options.requestTimeout()).toMillis()
                                + " ms",
                        e);
            } catch (IOException e) {
                closeQuietly(connection);
                if (!reused) {
                    throw new PeerCallException(url, action, 0, "I/O error: " + ServiceClient.rootMessage(e), e);
                }
            }
        }
    }

    private Connection reusable(String peer) {
        Deque<Connection> connections = idle.get(peer);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Connection connection; (connection = connections.pollFirst()) != null; ) {
            if (now - connection.idleSince < IDLE_REUSE.toNanos() && !connection.socket.isClosed()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection connect(URI url) throws IOException {
        int port = url.getPort() < 0 ? 443 : url.getPort();
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(url.getHost(), port), (int)
                    options.connectTimeout().toMillis());
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, url.getHost(), port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) options.connectTimeout().toMillis());
            socket.startHandshake();
            socket.setSoTimeout((int) options.requestTimeout().toMillis());
            return new Connection(socket, plain.getInputStream());
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private StreamAnswer exchange(Connection connection, byte[] request, String peer) throws IOException {
        OutputStream out = connection.socket.getOutputStream();
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw connection.fresh ? e : new StaleConnectionException(e);
        }
        String statusLine;
        try {
            statusLine = connection.line();
        } catch (EOFException e) {
            throw connection.fresh ? e : new StaleConnectionException(e);
        }
        connection.fresh = false;
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine, e);
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line; !(line = connection.line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not an HTTP header: " + line);
            }
            fields.computeIfAbsent(line.substring(0, colon).strip(), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        HttpHeaders headers = HttpHeaders.of(fields, (name, value) -> true);
        boolean keepAlive = headers.firstValue("Connection")
                .map(value -> !value.equalsIgnoreCase("close"))
                .orElse(true);
        long length = status == 304 || status == 204 || status < 200
                ? 0
                : headers.firstValueAsLong("Content-Length").orElse(-1);
        if (length < 0) {
            // No length (not what a stream route sends): no body, and the connection's state is unknown.
            connection.close();
            return new StreamAnswer(status, headers, InputStream.nullInputStream());
        }
        Body body = new Body(connection, length, keepAlive ? peer : null);
        if (length == 0) {
            body.close();
        }
        return new StreamAnswer(status, headers, body);
    }

    private void release(Connection connection, String peer) {
        if (closed || peer == null) {
            connection.close();
            return;
        }
        connection.idleSince = System.nanoTime();
        Deque<Connection> connections = idle.computeIfAbsent(peer, key -> new ConcurrentLinkedDeque<>());
        connections.addFirst(connection);
        while (connections.size() > IDLE_PER_PEER) {
            Connection extra = connections.pollLast();
            if (extra != null) {
                extra.close();
            }
        }
    }

    private static byte[] request(URI url, Map<String, String> headers) {
        StringBuilder text = new StringBuilder("GET ")
                .append(url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
        if (url.getRawQuery() != null) {
            text.append('?').append(url.getRawQuery());
        }
        text.append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost())
                .append(url.getPort() < 0 ? "" : ":" + url.getPort())
                .append("\r\n");
        headers.forEach((name, value) -> {
            if (name.isEmpty() || (name + value).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("a header name or value has a line break: " + name);
            }
            text.append(name).append(": ").append(value).append("\r\n");
        });
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String peerKey(URI url) {
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + url.getPort();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    /** Closes the idle connections; answers being read finish, then close theirs. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(connections -> {
            for (Connection connection; (connection = connections.pollFirst()) != null; ) {
                connection.close();
            }
        });
    }

    /** A reused connection that the server had closed before our request reached it. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super(cause);
        }
    }

    /** One TLS connection and what was read from it past the current answer's headers. */
    private static final class Connection {
        final SSLSocket socket;
        final BufferedInputStream in;
        /** The TCP socket under the TLS one: how many encrypted bytes wait in the kernel. */
        final InputStream network;

        boolean fresh = true;
        long idleSince;

        Connection(SSLSocket socket, InputStream network) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER);
            this.network = network;
        }

        /** A header line without its CRLF. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the connection ended inside the answer's headers");
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                if (line.size() > HEADER_LIMIT) {
                    throw new IOException("an answer header line is longer than " + HEADER_LIMIT + " bytes");
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection we give up: nothing is lost if the close itself fails.
            }
        }
    }

    /** Exactly {@code length} bytes of the connection; at their end the connection goes back to the pool. */
    private final class Body extends InputStream {
        private final Connection connection;
        private final String peer;
        private long left;
        private boolean done;

        Body(Connection connection, long length, String peer) {
            this.connection = connection;
            this.left = length;
            this.peer = peer;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done || left == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int read = connection.in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                done = true;
                connection.close();
                throw new EOFException("the connection ended " + left + " bytes before the answer's end");
            }
            left -= read;
            if (left == 0) {
                done = true;
                release(connection, peer);
            }
            return read;
        }

        /**
         * Bytes readable without blocking: those decrypted already, or, when more encrypted bytes
         * have arrived, at least one (so that a hop passing the body on keeps filling its buffer
         * while the sender is ahead, and writes in large pieces).
         */
        @Override
        public int available() throws IOException {
            if (done) {
                return 0;
            }
            int decrypted = connection.in.available();
            if (decrypted == 0 && connection.network.available() > 0) {
                decrypted = 1;
            }
            return (int) Math.min(left, decrypted);
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (left == 0) {
                release(connection, peer);
            } else {
                connection.close();
            }
        }
    }
}
