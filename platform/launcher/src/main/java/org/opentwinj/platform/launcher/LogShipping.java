package org.opentwinj.platform.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.logstash.logback.encoder.LogstashEncoder;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.logging.JsonLogging;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.LoggerFactory;

/**
 * Sends a service's log records to the LoggerService, in batches, through its queue. It never
 * blocks or fails the code that logs: records wait in a bounded queue, and when the queue is
 * full or the logger is unreachable they are dropped and counted. At start, until the logger
 * has taken a first batch (at most {@link #STARTUP_WAIT}), a batch waits for it instead:
 * services start beside their logger, not after it. Records are the same masked JSON objects
 * the service writes to stdout.
 */
public final class LogShipping extends AppenderBase<ILoggingEvent> {
    static final int QUEUE_CAPACITY = 10_000;
    static final int BATCH = 500;
    /** How long after its start a service waits for its logger to take the first batch. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 1000;
    private static final String SENDER_THREAD = "log-shipping";

    private final ServiceClient client;
    private final URI logger;
    private final LogstashEncoder encoder;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong shipped = new AtomicLong();
    private final long created = System.nanoTime();
    private final long startupWaitNanos;
    private volatile Thread sender;

    private LogShipping(ServiceClient client, URI logger, LogstashEncoder encoder, Duration startupWait) {
        this.startupWaitNanos = startupWait.toNanos();
        this.client = client;
        this.logger = logger;
        this.encoder = encoder;
    }

    /** Starts shipping the root logger's records of {@code service} to the logger at {@code url}. */
    public static LogShipping install(ServiceClient client, URI url, String service) {
        return install(client, url, service, STARTUP_WAIT);
    }

    /** @param startupWait how long the first batch waits for the logger to take it */
    static LogShipping install(ServiceClient client, URI url, String service, Duration startupWait) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogShipping shipping = new LogShipping(client, url, JsonLogging.encoder(context, service), startupWait);
        shipping.setContext(context);
        shipping.setName("log-shipping");
        shipping.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(shipping);
        return shipping;
    }

    @Override
    public void start() {
        super.start();
        sender = Thread.ofVirtual().name(SENDER_THREAD).start(this::sendLoop);
    }

    @Override
    protected void append(ILoggingEvent event) {
        // What the sender itself logs (the HTTP client) would feed back into the queue.
        if (SENDER_THREAD.equals(event.getThreadName())) {
            return;
        }
        if (!queue.offer(encoder.encode(event))) {
            dropped.incrementAndGet();
        }
    }

    private void sendLoop() {
        List<byte[]> batch = new ArrayList<>(BATCH);
        while (isStarted() || !queue.isEmpty()) {
            try {
                byte[] first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<byte[]> batch) throws InterruptedException {
        ArrayNode records = Json.mapper().createArrayNode();
        for (byte[] line : batch) {
            try {
                records.add(Json.mapper().readTree(line));
            } catch (IOException e) {
                dropped.incrementAndGet();
            }
        }
        long pause = FIRST_RETRY_MS;
        while (true) {
            try {
                client.enqueue(logger, "Log.Append", Json.object().set("records", records));
                shipped.addAndGet(records.size());
                return;
            } catch (PeerCallException e) {
                // A service starts beside its logger (up starts them together): until the logger
                // has taken a batch once, a batch waits for it instead of being dropped; the
                // records logged meanwhile wait in the queue. Later, a logger that is gone
                // costs records, never the service's time.
                if (shipped.get() == 0 && System.nanoTime() - created < startupWaitNanos && isStarted()) {
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, MAX_RETRY_MS);
                    continue;
                }
                dropped.addAndGet(records.size());
                // Not through the logger: that would queue more records for the same broken hop.
                addWarn("dropped " + records.size() + " log records: " + e.getMessage());
                return;
            }
        }
    }

    /** Records dropped because the queue was full or the logger unreachable. */
    public long dropped() {
        return dropped.get();
    }

    /** Records the logger accepted. */
    public long shipped() {
        return shipped.get();
    }

    /** Sends what is queued (waiting up to two seconds), then stops. */
    @Override
    public void stop() {
        super.stop();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        Thread thread = sender;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
