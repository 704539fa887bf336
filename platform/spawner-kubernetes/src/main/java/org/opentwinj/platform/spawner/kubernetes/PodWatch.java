package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch on the pods of this LSS (label {@code opentwin.org/lss=<id>}), kept in a cache the
 * spawner answers from without blocking. A watch can die without a word (a proxy drops the
 * connection, the API server forgets it); a watchdog therefore lists and watches again when
 * no event arrived for the configured silence, and at once when the watch closes with an
 * error. Each restart lists first, so nothing that changed meanwhile is missed.
 */
final class PodWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);
    /** How soon a failed list or watch is tried again (at most the watch silence). */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    /** The newest known state of a pod, and whether it is gone. */
    record Known(Pod pod, boolean deleted) {}

    private final KubernetesClient client;
    private final KubernetesSpawnerConfig config;
    private final Map<String, Known> pods = new ConcurrentHashMap<>();
    /** Pods a handle refers to: their last state is kept after deletion until the handle is let go. */
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kubernetes-pod-watchdog").factory());
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());
    private volatile Watch watch;
    /** Why the last attempt to list and watch failed; null while watching. */
    private volatile String problem;

    private volatile boolean closed;

    PodWatch(KubernetesClient client, KubernetesSpawnerConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Lists and watches, then guards the watch; returns once the first list is in the cache. */
    void start() {
        restart("start");
        long check = Math.max(50, Math.min(1000, config.watchSilence().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::checkSilence, check, check, TimeUnit.MILLISECONDS);
    }

    private void checkSilence() {
        try {
            Duration silent = Duration.ofNanos(System.nanoTime() - lastEventNanos.get());
            if (watch == null) {
                // Not every round: an API server that refuses (RBAC) or is down would flood the log.
                if (silent.compareTo(
                                RETRY_AFTER_FAILURE.compareTo(config.watchSilence()) < 0
                                        ? RETRY_AFTER_FAILURE
                                        : config.watchSilence())
                        >= 0) {
                    restart("the last attempt to watch failed");
                }
            } else if (silent.compareTo(config.watchSilence()) > 0) {
                restart("no event for " + silent.toMillis() + " ms");
            }
        } catch (RuntimeException e) {
            LOG.error("the pod watchdog failed; it tries again", e);
        }
    }

    /** Lists this LSS's pods into the cache and watches them from there; the old watch is dropped. */
    synchronized void restart(String why) {
        if (closed) {
            return;
        }
        int current = generation.incrementAndGet();
        Watch old = watch;
        watch = null;
        if (old != null) {
            old.close();
        }
        if (!"start".equals(why)) {
            restarts.incrementAndGet();
            LOG.info("restarting the watch on the pods of LSS {}: {}", config.lssId(), why);
        }
        lastEventNanos.set(System.nanoTime());
        try {
            PodList list = client.pods()
                    .inNamespace(config.namespace())
                    .withLabel(PodNames.LSS, PodNames.labelValue(config.lssId()))
                    .list();
            Set<String> listed = ConcurrentHashMap.newKeySet();
            for (Pod pod : list.getItems()) {
                listed.add(uid(pod));
                pods.put(uid(pod), new Known(pod, false));
            }
            // Pods that went while nobody watched.
            for (Map.Entry<String, Known> entry : pods.entrySet()) {
                if (!listed.contains(entry.getKey()) && !entry.getValue().deleted()) {
                    deleted(entry.getValue().pod());
                }
            }
            watch = client.pods()
                    .inNamespace(config.namespace())
                    .withLabel(PodNames.LSS, PodNames.labelValue(config.lssId()))
                    .watch(
                            new ListOptionsBuilder()
                                    .withResourceVersion(list.getMetadata().getResourceVersion())
                                    .withAllowWatchBookmarks(true)
                                    .build(),
                            new PodWatcher(current));
            problem = null;
        } catch (RuntimeException e) {
            // The watchdog tries again shortly.
            problem = "cannot watch the session pods in namespace " + config.namespace() + ": " + e.getMessage();
            LOG.warn(
                    "cannot watch the pods of LSS {} in namespace {}: {}",
                    config.lssId(),
                    config.namespace(),
                    e.getMessage(),
                    e);
        }
    }

    private final class PodWatcher implements Watcher<Pod> {
        private final int generation;

        PodWatcher(int generation) {
            this.generation = generation;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            if (generation != PodWatch.this.generation.get()) {
                return;
            }
            lastEventNanos.set(System.nanoTime());
            switch (action) {
                case ADDED, MODIFIED -> update(pod);
                case DELETED -> deleted(pod);
                case BOOKMARK, ERROR -> {}
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            if (closed || generation != PodWatch.this.generation.get()) {
                return;
            }
            LOG.warn(
                    "the watch on the pods of LSS {} closed: {}; watching again",
                    config.lssId(),
                    cause.getMessage(),
                    cause);
            restartSoon("it closed: " + cause.getMessage());
        }

        @Override
        public void onClose() {
            if (!closed && generation == PodWatch.this.generation.get()) {
                restartSoon("the server closed it");
            }
        }
    }

    /** Restarts on the watchdog's thread, never on the client's callback thread. */
    private void restartSoon(String why) {
        try {
            watchdog.execute(() -> restart(why));
        } catch (RejectedExecutionException closing) {
            LOG.debug("not restarting the pod watch ({}): the spawner is closing", why);
        }
    }

    /** Takes a pod's newer state (from the API or the watch), never an older one over a newer. */
    void update(Pod pod) {
        pods.merge(
                uid(pod),
                new Known(pod, false),
                (old, fresh) -> old.deleted() || isNewer(old.pod(), pod) ? old : fresh);
    }

    private void deleted(Pod pod) {
        if (tracked.contains(uid(pod))) {
            pods.put(uid(pod), new Known(pod, true));
        } else {
            pods.remove(uid(pod));
        }
    }

    private static boolean isNewer(Pod known, Pod candidate) {
        try {
            return Long.parseLong(known.getMetadata().getResourceVersion())
                    > Long.parseLong(candidate.getMetadata().getResourceVersion());
        } catch (NumberFormatException | NullPointerException opaque) {
            // Resource versions are opaque to clients in general; then the latest to arrive wins.
            return false;
        }
    }

    /** Keeps a pod's last state for its handle, also after it is deleted. */
    void track(Pod pod) {
        tracked.add(uid(pod));
        update(pod);
    }

    /** Lets a pod go once its handle is stopped. */
    void forget(String uid) {
        tracked.remove(uid);
        pods.computeIfPresent(uid, (key, known) -> known.deleted() ? null : known);
    }

    Optional<Known> find(String uid) {
        return Optional.ofNullable(pods.get(uid));
    }

    /** Why the spawner cannot watch its pods right now, if it cannot (for the LSS's readiness). */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** How often the watch was restarted after the first start (for operators and tests). */
    int restarts() {
        return restarts.get();
    }

    /**
     * Drops the current watch without telling anyone, as a broken connection does; only the
     * watchdog can notice. For tests of the watchdog.
     */
    synchronized void loseSilently() {
        generation.incrementAndGet();
        Watch old = watch;
        if (old != null) {
            old.close();
        }
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchdog.shutdownNow();
        if (watch != null) {
            watch.close();
        }
    }
}
