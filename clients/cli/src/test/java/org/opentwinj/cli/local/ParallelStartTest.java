package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start of independent services side by side, and of the others after what they need. */
class ParallelStartTest {
    private static final LocalLayout.LocalService A = new LocalLayout.LocalService("a", 1, 0);
    private static final LocalLayout.LocalService B = new LocalLayout.LocalService("b", 2, 0);
    private static final LocalLayout.LocalService C = new LocalLayout.LocalService("c", 3, 0);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> abort = new CompletableFuture<>();

    @Test
    void independentServicesStartTogetherAndADependentOneAfterWhatItNeedsIsReady() throws Exception {
        CountDownLatch cStarted = new CountDownLatch(1);
        ParallelStart start = new ParallelStart(
                Map.of("a", List.<String>of(), "b", List.of("a"), "c", List.<String>of())::get, name -> List.of());

        ParallelStart.Outcome outcome = start.run(
                List.of(A, B, C),
                (service, peersReady) -> {
                    events.add("launch " + service.name());
                    if (service == C) {
                        cStarted.countDown();
                    }
                    if (service == A) {
                        // a becomes ready only once c was launched: c did not wait for a.
                        awaitOrFail(cStarted);
                    }
                    events.add("ready " + service.name());
                    return running(service);
                },
                abort,
                progress());

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.launched()).extracting(SupervisedService::name).containsExactly("a", "b", "c");
        assertThat(events.indexOf("launch b")).isGreaterThan(events.indexOf("ready a"));
        assertThat(events.indexOf("launch c")).isLessThan(events.indexOf("ready a"));
        assertThat(events).contains("said starting b", "said ready b", "said ready c");
        assertThat(abort).isNotDone();
    }

    @Test
    void aFailedStartLaunchesNothingThatNeedsItAndEndsTheWaitsUnderWay() {
        CountDownLatch aLaunched = new CountDownLatch(1);
        ParallelStart start = new ParallelStart(
                Map.of("a", List.<String>of(), "b", List.of("c"), "c", List.<String>of())::get, name -> List.of());

        ParallelStart.Outcome outcome = start.run(
                List.of(A, C, B),
                (service, peersReady) -> {
                    events.add("launch " + service.name());
                    if (service == C) {
                        awaitOrFail(aLaunched);
                        throw new StartFailure(7, "c exited with code 7 while starting");
                    }
                    aLaunched.countDown();
                    // a waits for its readiness until the start is stopped, as ServiceStarter does.
                    abort.join();
                    return running(service);
                },
                abort,
                progress());

        assertThat(outcome.failure())
                .isInstanceOf(StartFailure.class)
                .hasMessage("c exited with code 7 while starting");
        assertThat(((StartFailure) outcome.failure()).exitCode()).isEqualTo(7);
        assertThat(events).doesNotContain("launch b", "said ready a").contains("said failed c");
        // a was launched and is returned, to be stopped with the rest.
        assertThat(outcome.launched()).extracting(SupervisedService::name).containsExactly("a");
        assertThat(abort).isDone();
    }

    @Test
    void anErrorOfALaunchIsTheOutcomesFailure() {
        ParallelStart start = new ParallelStart(name -> List.of(), name -> List.of());
        IllegalStateException broken = new IllegalStateException("database unreachable");

        ParallelStart.Outcome outcome = start.run(
                List.of(A),
                (service, peersReady) -> {
                    throw broken;
                },
                abort,
                progress());

        assertThat(outcome.failure()).isSameAs(broken);
        assertThat(outcome.launched()).isEmpty();
    }

    @Test
    void aDependencyOutsideTheLayoutIsIgnoredAndOneLaterInTheOrderIsRefused() {
        ParallelStart ignoring = new ParallelStart(name -> List.of("not-here"), name -> List.of("not-here"));
        assertThat(ignoring.run(List.of(A), this::running, abort, progress()).launched())
                .hasSize(1);

        ParallelStart backwards =
                new ParallelStart(name -> List.of(), name -> name.equals("a") ? List.of("b") : List.of());
        assertThatThrownBy(() -> backwards.run(List.of(A, B), this::running, abort, progress()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a needs b, which comes after it in the start order");
    }

    @Test
    void theLocalLevelStartsWhatNeedsNoDatabaseTogetherThenWhatNeedsIt() {
        // The logger is no one's dependency: log shipping holds records until it is there.
        assertThat(LocalLayout.startDependencies("logger")).isEmpty();
        assertThat(LocalLayout.startDependencies("database")).isEmpty();
        assertThat(LocalLayout.startDependencies("relay")).isEmpty();
        assertThat(LocalLayout.startDependencies("web")).isEmpty();
        assertThat(LocalLayout.startDependencies("auth")).containsExactly("database");
        assertThat(LocalLayout.startDependencies("gss")).containsExactly("database");
        assertThat(LocalLayout.startDependencies("lss")).containsExactly("database");
        assertThat(LocalLayout.startPeers("gss")).containsExactly("auth");
        assertThat(LocalLayout.startPeers("relay")).containsExactly("auth", "gss");
        assertThat(LocalLayout.startPeers("web")).containsExactly("auth", "gss");
        assertThat(LocalLayout.startPeers("lss")).containsExactly("auth", "gss");
        assertThat(LocalLayout.startPeers("database")).isEmpty();
        // The default order names each dependency and peer before the services that need it.
        ParallelStart start = new ParallelStart(LocalLayout::startDependencies, LocalLayout::startPeers);
        assertThat(start.run(LocalLayout.defaultServices(), this::running, abort, progress())
                        .launched())
                .extracting(SupervisedService::name)
                .containsExactly("logger", "database", "auth", "gss", "relay", "lss", "web");
    }

    /** Waits for what another launch does: it never comes when the launches run one after the other. */
    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS))
                    .as("the other launch ran meanwhile")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ParallelStart.Progress progress() {
        return new ParallelStart.Progress() {
            @Override
            public void starting(LocalLayout.LocalService service) {
                events.add("said starting " + service.name());
            }

            @Override
            public void ready(LocalLayout.LocalService service, double seconds) {
                events.add("said ready " + service.name());
            }

            @Override
            public void failed(LocalLayout.LocalService service) {
                events.add("said failed " + service.name());
            }
        };
    }

    @Test
    void aServiceIsLaunchedBeforeItsPeersAreReadyAndToldWhenTheyAre() throws Exception {
        CountDownLatch bLaunched = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<?>> bPeers = new CompletableFuture<>();
        ParallelStart start = new ParallelStart(name -> List.of(), name -> name.equals("b") ? List.of("a") : List.of());

        ParallelStart.Outcome outcome = start.run(
                List.of(A, B),
                (service, peersReady) -> {
                    if (service == A) {
                        // a is ready only once b was launched: b did not wait for it to start.
                        awaitOrFail(bLaunched);
                        assertThat(bPeers.join())
                                .as("b's peers before a is ready")
                                .isNotDone();
                    } else {
                        bPeers.complete(peersReady);
                        bLaunched.countDown();
                        peersReady.join();
                    }
                    return running(service);
                },
                abort,
                progress());

        assertThat(outcome.failure()).isNull();
        assertThat(bPeers.get()).isDone();
        assertThat(outcome.launched()).extracting(SupervisedService::name).containsExactly("a", "b");
    }

    private SupervisedService running(LocalLayout.LocalService service, CompletableFuture<?> peersReady) {
        return running(service);
    }

    private SupervisedService running(LocalLayout.LocalService service) {
        return new SupervisedService(service, new NoProcess(), Path.of(service.name() + ".log"), 0, Instant.now());
    }

    /** A process that is not there: these tests launch none. */
    private static final class NoProcess extends Process {
        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public void destroy() {}
    }
}
