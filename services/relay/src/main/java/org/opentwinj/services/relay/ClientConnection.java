package org.opentwinj.services.relay;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.transport.action.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's websocket after it was admitted. Everything the relay sends goes through a
 * bounded queue drained by one writer thread, so a slow client never blocks the services
 * that push to it (they get a 503 instead) and messages keep their order. Requests in flight
 * are bounded by a semaphore the listener takes before it reads on (back-pressure).
 */
final class ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final AtomicLong NUMBERS = new AtomicLong();
    private static final byte[] PING_PAYLOAD = "opentwin".getBytes(StandardCharsets.US_ASCII);
    /** How long a close waits for a write in progress before it gives up on a client that does not read. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** How often a reply waiting for room in a full queue checks whether the connection closed meanwhile. */
    private static final long ENQUEUE_RECHECK_MS = 250;
    /** Close code recorded when the connection broke without a close frame (never sent on the wire). */
    static final int ABNORMAL_CLOSURE = 1006;

    private final String id = "c" + NUMBERS.incrementAndGet();
    private final WsSession socket;
    private final String session;
    private final String user;
    private final BlockingQueue<String> outgoing;
    private final Semaphore slots;
    private final Executor tasks;
    private final Consumer<ClientConnection> onClosed;
    private final LongSupplier nanoTime;
    private final long openedAtNanos;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean pinging = new AtomicBoolean();
    private final Thread writer;
    /** The server's thread that reads this socket; the connection is made on it (in onOpen). */
    private final Thread reader = Thread.currentThread();

    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private volatile Caller caller;
    private volatile long lastHeardNanos;
    private volatile boolean waitingForSlot;
    /** The thread writing to the socket right now, so that a close can unblock it when the client stopped reading. */
    private volatile Thread sender;

    /**
     * @param caller   the verified user; its token is forwarded with every request
     * @param onClosed called once when the connection closes, whoever closed it
     */
    ClientConnection(
            WsSession socket,
            String session,
            Caller caller,
            RelayConfig config,
            Executor tasks,
            Consumer<ClientConnection> onClosed,
            LongSupplier nanoTime) {
        this.socket = socket;
        this.session = session;
        this.user = caller.user();
        this.caller = caller;
        this.outgoing = new ArrayBlockingQueue<>(config.clientQueue());
        this.slots = new Semaphore(config.maxInFlight());
        this.tasks = tasks;
        this.onClosed = onClosed;
        this.nanoTime = nanoTime;
        this.openedAtNanos = nanoTime.getAsLong();
        this.lastHeardNanos = openedAtNanos;
        this.writer = Thread.ofVirtual().name("relay-writer-" + id).unstarted(this::writeLoop);
    }

    /** Starts writing queued messages to the client. */
    void start() {
        writer.start();
    }

    String id() {
        return id;
    }

    String session() {
        return session;
    }

    String user() {
        return user;
    }

    /** The user with the token to forward now. */
    Caller caller() {
        return caller;
    }

    /** Replaces the token (same user, checked by the caller of this method). */
    void renew(Caller fresh) {
        this.caller = fresh;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Records that the client sent something: proof that it is alive. */
    void heard() {
        lastHeardNanos = nanoTime.getAsLong();
    }

    /**
     * Queues a message, waiting while the queue is full: used for replies and errors, whose
     * waiting holds back the sender's request slot and so slows the client's own requests.
     * Gives up silently once the connection closed (nobody is left to read the message).
     */
    void enqueue(String frame) {
        try {
            while (!closed.get()) {
                if (outgoing.offer(frame, ENQUEUE_RECHECK_MS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues a pushed message, waiting for room until the deadline.
     *
     * @return false when the queue stayed full or the connection closed
     */
    boolean offerPush(String frame, long deadlineNanos) throws InterruptedException {
        if (closed.get()) {
            return false;
        }
        long wait = Math.max(0, deadlineNanos - nanoTime.getAsLong());
        return outgoing.offer(frame, wait, TimeUnit.NANOSECONDS) && !closed.get();
    }

    /** Messages waiting to be written. */
    int queued() {
        return outgoing.size();
    }

    /** Takes a request slot, waiting while all are in use; called on the thread that reads the socket. */
    void acquireSlot() throws InterruptedException {
        if (slots.tryAcquire()) {
            return;
        }
        waitingForSlot = true;
        try {
            slots.acquire();
        } finally {
            waitingForSlot = false;
            // Nothing could be read while we waited; do not count that time as the client's silence.
            heard();
        }
    }

    void releaseSlot() {
        slots.release();
    }

    /**
     * Called every ping interval: closes the connection when nothing was heard from the client
     * for two intervals, else sends a ping. While the reader waits for a request slot it cannot
     * see pongs; that is the services' slowness, not the client's, as long as the client drains
     * its queue, so the timeout is suspended then.
     */
    void keepAlive(Duration interval) {
        if (closed.get()) {
            return;
        }
        long silentNanos = nanoTime.getAsLong() - lastHeardNanos;
        boolean heldUpByServices = waitingForSlot && outgoing.remainingCapacity() > 0;
        if (silentNanos >= 2 * interval.toNanos() && !heldUpByServices) {
            close(
                    CloseCode.GOING_AWAY,
                    "ping timeout: nothing heard for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
            return;
        }
        if (pinging.compareAndSet(false, true)) {
            try {
                tasks.execute(this::ping);
            } catch (RejectedExecutionException e) {
                pinging.set(false);
                LOG.debug("relay stopping: no ping for connection {}", id);
            }
        }
    }

    private void ping() {
        try {
            // A busy writer means the connection is not idle; a stuck one is caught by the timeout.
            if (!writeLock.tryLock()) {
                return;
            }
            try {
                if (!closed.get()) {
                    sender = Thread.currentThread();
                    socket.ping(BufferData.create(PING_PAYLOAD));
                }
            } finally {
                sender = null;
                writeLock.unlock();
            }
        } catch (RuntimeException e) {
            lost("ping failed", e);
        } finally {
            pinging.set(false);
        }
    }

    private void writeLoop() {
        try {
            while (!closed.get()) {
                String frame = outgoing.take();
                writeLock.lockInterruptibly();
                try {
                    if (closed.get()) {
                        return;
                    }
                    sender = Thread.currentThread();
                    socket.send(frame, true);
                } finally {
                    sender = null;
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            // The connection closed while the writer waited: nothing left to do.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lost("cannot write to the client", e);
        }
    }

    /**
     * Closes the connection from the relay's side: no more messages are written, the close
     * frame goes out on another thread (a client that does not read could block it), and a
     * client that does not take it, or does not answer it, within {@link #CLOSE_TIMEOUT} each
     * has its socket dropped (a dead peer would otherwise hold it until TCP gives up).
     *
     * @return completes when the close frame was written or given up on
     */
    CompletableFuture<Void> close(CloseCode code, String reason) {
        if (!markClosed(code.code(), reason, "relay")) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return CompletableFuture.runAsync(() -> sendClose(code, reason), tasks);
        } catch (RejectedExecutionException e) {
            sendClose(code, reason);
            return CompletableFuture.completedFuture(null);
        }
    }

    private void sendClose(CloseCode code, String reason) {
        try {
            if (!writeLock.tryLock(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                // Interrupting a virtual thread blocked in socket I/O closes the socket: the only
                // way to let go of a client that stopped reading.
                Thread stuck = sender;
                LOG.info("connection {} of session {}: the client does not read; dropping it", id, session);
                if (stuck != null) {
                    stuck.interrupt();
                }
                return;
            }
            try {
                socket.close(code.code(), CloseCode.fit(reason));
                writer.interrupt();
            } finally {
                writeLock.unlock();
            }
            if (!clientClosed.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("connection {} of session {}: the client did not answer the close; dropping it", id, session);
                reader.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("connection {}: cannot send the close frame", id, e);
        }
    }

    /** The client closed the connection (or answered the relay's close). */
    void closedByClient(int code, String reason) {
        clientClosed.countDown();
        if (markClosed(code, reason, "client")) {
            stopWriter();
        }
    }

    /** The connection broke: no close frame can be exchanged any more. */
    void lost(String what, Exception cause) {
        if (markClosed(ABNORMAL_CLOSURE, what + ": " + cause.getMessage(), "failure")) {
            LOG.debug("connection {} of session {} lost", id, session, cause);
            stopWriter();
        }
    }

    private void stopWriter() {
        // A writer in the middle of a write finishes it and then sees the closed flag; one that
        // waits for a message is interrupted. Never interrupt a write: that drops the socket.
        if (writeLock.tryLock()) {
            try {
                writer.interrupt();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private boolean markClosed(int code, String reason, String closedBy) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        onClosed.accept(this);
        long openForMs = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - openedAtNanos);
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session, LogContext.USER, user)) {
            LOG.info(
                    "client disconnected: connection {} closed by {} with {} ({}) after {} ms",
                    id,
                    closedBy,
                    code,
                    reason,
                    openForMs);
        }
        return true;
    }

    /** For messages to people: which client this is, without its token. */
    String describe() {
        return user + " (connection " + id + ")";
    }

    @Override
    public String toString() {
        return "ClientConnection[" + id + ", session=" + session + ", user=" + user + "]";
    }
}
