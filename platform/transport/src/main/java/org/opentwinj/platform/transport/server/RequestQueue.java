package org.opentwinj.platform.transport.server;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /queue}: requests are checked and accepted at once, then run one after the
 * other in arrival order on a single worker. The queue is bounded; when it is full the
 * caller gets 503 and may retry, instead of the service growing without limit.
 */
final class RequestQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RequestQueue.class);

    private final ActionRegistry registry;
    private final ThreadPoolExecutor worker;

    RequestQueue(ActionRegistry registry, int capacity) {
        this.registry = registry;
        this.worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(capacity),
                Thread.ofVirtual().name("queue-worker").factory());
    }

    /**
     * @return the position of the request in the queue when accepted
     * @throws PublicException if the request is invalid, or 503 if the queue is full
     */
    int submit(byte[] body, String peer) {
        ActionRegistry.Accepted accepted = registry.accept(Channel.QUEUE, body);
        try {
            worker.execute(() -> {
                Reply reply = registry.run(accepted, Channel.QUEUE, peer, null);
                if (!reply.isSuccess()) {
                    LOG.warn(
                            "queued action {} failed with {}: {}",
                            reply.action(),
                            reply.httpStatus(),
                            reply.body().path("reason").asText());
                }
            });
        } catch (RejectedExecutionException e) {
            throw new PublicException(503, "the queue is full or the service is stopping; retry later");
        }
        return worker.getQueue().size();
    }

    /** Stops taking requests and runs what is queued, until the deadline. */
    void drain(long deadlineNanos) {
        worker.shutdown();
        try {
            long wait = deadlineNanos - System.nanoTime();
            if (!worker.awaitTermination(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                int dropped = worker.shutdownNow().size();
                LOG.warn("shutdown grace period over: {} queued requests were not run", dropped);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
