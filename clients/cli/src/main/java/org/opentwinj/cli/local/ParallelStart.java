package org.opentwinj.cli.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Starts the platform's services together where they do not depend on each other: each
 * service is launched as soon as the services it needs at start are ready (its own
 * {@code /readyz} is still waited for), so independent JVMs boot side by side instead of one
 * after the other. A service may also name peers: services it waits for by itself at start
 * (its peer check), so it is launched before they are ready, and its launch is told when
 * they are (its own readiness cannot come before). A service whose start fails stops the
 * rest of the start: what was not launched yet is not launched, what is starting is no
 * longer waited for (it is returned, to be stopped with the others).
 */
final class ParallelStart {
    /** What is said about each service's start; called from the starting threads. */
    interface Progress {
        void starting(LocalLayout.LocalService service);

        void ready(LocalLayout.LocalService service, double seconds);

        void failed(LocalLayout.LocalService service);
    }

    /** A launch that may first prepare what the service needs (the first admin, before AUTH). */
    interface Launch {
        /**
         * Starts the service and returns once it is ready, or once the start is stopped.
         *
         * @param peersReady completes once the service's peers are ready: a wait for its
         *     readiness should not count the time before
         */
        SupervisedService launch(LocalLayout.LocalService service, CompletableFuture<?> peersReady) throws StartFailure;
    }

    /**
     * The outcome.
     *
     * @param launched the processes launched (in the layout's order), ready or not
     * @param failure  the first failure, or null: a {@link StartFailure}, or what a launch threw
     *     otherwise (a {@link RuntimeException})
     */
    record Outcome(List<SupervisedService> launched, Exception failure) {}

    private final Function<String, List<String>> dependencies;
    private final Function<String, List<String>> peers;

    /**
     * @param dependencies the services (by name) a service needs ready before it starts; names
     *     not in the layout are ignored, names later in the layout's order are a programming error
     * @param peers        the services a service waits for by itself at start; the same rules
     */
    ParallelStart(Function<String, List<String>> dependencies, Function<String, List<String>> peers) {
        this.dependencies = dependencies;
        this.peers = peers;
    }

    /**
     * Starts every service of {@code services} and returns once each is ready, or once a start
     * failed and the starts under way ended.
     *
     * @param abort completed by this class when a start fails; the launch must stop waiting for
     *     readiness when it is done (the platform's stop completes it too)
     */
    Outcome run(
            List<LocalLayout.LocalService> services,
            Launch launch,
            CompletableFuture<String> abort,
            Progress progress) {
        Map<String, CompletableFuture<SupervisedService>> started = new HashMap<>();
        List<SupervisedService> launched = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LocalLayout.LocalService service : services) {
                CompletableFuture<Void> needs = allOf(earlier(service, dependencies, services, started));
                CompletableFuture<Void> peersReady = allOf(earlier(service, peers, services, started));
                CompletableFuture<SupervisedService> start = needs.thenApplyAsync(
                        ready -> {
                            if (abort.isDone()) {
                                throw new CompletionException(new NotStarted());
                            }
                            return launchOne(service, peersReady, launch, abort, progress, launched, failures);
                        },
                        threads);
                started.put(service.name(), start);
            }
            CompletableFuture.allOf(started.values().toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .join();
        }
        launched.sort(Comparator.comparingInt(s -> services.indexOf(s.service())));
        return new Outcome(List.copyOf(launched), failures.isEmpty() ? null : failures.getFirst());
    }

    /** The starts of the services {@code relation} names for {@code service}, which must come before it. */
    private static List<CompletableFuture<SupervisedService>> earlier(
            LocalLayout.LocalService service,
            Function<String, List<String>> relation,
            List<LocalLayout.LocalService> services,
            Map<String, CompletableFuture<SupervisedService>> started) {
        List<CompletableFuture<SupervisedService>> starts = new ArrayList<>();
        for (String other : relation.apply(service.name())) {
            boolean inLayout = services.stream().anyMatch(s -> s.name().equals(other));
            if (inLayout && !started.containsKey(other)) {
                throw new IllegalStateException(
                        service.name() + " needs " + other + ", which comes after it in the start order");
            }
            if (inLayout) {
                starts.add(started.get(other));
            }
        }
        return starts;
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<SupervisedService>> starts) {
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    private SupervisedService launchOne(
            LocalLayout.LocalService service,
            CompletableFuture<?> peersReady,
            Launch launch,
            CompletableFuture<String> abort,
            Progress progress,
            List<SupervisedService> launched,
            List<Exception> failures) {
        progress.starting(service);
        long begin = System.nanoTime();
        SupervisedService running;
        try {
            running = launch.launch(service, peersReady);
        } catch (StartFailure | RuntimeException e) {
            synchronized (failures) {
                failures.add(e);
            }
            progress.failed(service);
            abort.complete(service.name() + " failed to start");
            throw new CompletionException(e);
        }
        synchronized (launched) {
            launched.add(running);
        }
        if (abort.isDone()) {
            // Not waited for to the end: its dependents must not start.
            throw new CompletionException(new NotStarted());
        }
        progress.ready(service, (System.nanoTime() - begin) / 1e9);
        return running;
    }

    /** A service that was not started, or not waited for, because the start was stopped. */
    private static final class NotStarted extends Exception {
        NotStarted() {
            super("the start was stopped", null, false, false);
        }
    }
}
