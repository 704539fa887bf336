package org.opentwinj.services.lss.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.SpawnState;

/** The warm pool's policy over fake members that warm up, die and take assignments as each test tells them. */
class WarmPoolTest {
    private final FakeMembers members = new FakeMembers();
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private WarmPool pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    private WarmPool pool(int size) {
        return pool(size, Duration.ZERO);
    }

    private WarmPool pool(int size, Duration refillDelay) {
        pool = new WarmPool(members, new PoolConfig(size, 10, Duration.ofMinutes(1), refillDelay));
        return pool;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    private static ProcessRequest request(String session, String service) {
        return new ProcessRequest(
                session, service, List.of("java", "run", service), Map.of(), Path.of("/"), Path.of("/dev/null"));
    }

    private Optional<SpawnHandle> take(String session, String service) {
        return pool.take(request(session, service), progress::add);
    }

    @Test
    void itFillsToItsSizeOneJvmAtATime() {
        members.warmAtOnce = false;
        pool(2);
        await().until(() -> members.started.size() == 1);
        members.started.getFirst().warm = true;
        await().until(() -> members.started.size() == 2);
        members.started.get(1).warm = true;
        await().until(() -> pool.warm() == 2);

        assertThat(members.warmingWhenStarted)
                .as("no JVM started while another warmed up")
                .containsOnly(0);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void afterATakeTheNextJvmStartsOnlyOnceTheRefillDelayIsOver() {
        pool(1, Duration.ofMillis(700));
        await().until(() -> pool.warm() == 1);

        long taken = System.nanoTime();
        take("s1", "model").orElseThrow();
        await().until(() -> members.started.size() == 2);
        long waitedMillis = (System.nanoTime() - taken) / 1_000_000;

        // The delay is a lower bound on when the refill starts (no upper bound: the machine may be slow).
        assertThat(waitedMillis).isGreaterThanOrEqualTo(700);
    }

    @Test
    void takesThatFollowDoNotPostponeTheRefillAgain() {
        AtomicLong now = new AtomicLong();
        pool = new WarmPool(members, new PoolConfig(2, 10, Duration.ofMinutes(1), Duration.ofHours(1)), now::get);
        await().until(() -> pool.warm() == 2);

        take("s1", "model").orElseThrow();
        now.set(Duration.ofMinutes(30).toNanos());
        take("s1", "compute-1").orElseThrow();
        now.set(Duration.ofHours(1).toNanos());

        // An hour after the first take (half an hour after the second) the refill goes on.
        await().until(() -> members.started.size() == 4);
    }

    @Test
    void aTakenJvmTakesOnTheRequestedIdentityAndThePoolRefills() {
        pool(1);
        await().until(() -> pool.warm() == 1);

        SpawnHandle handle = take("s1", "model").orElseThrow();

        FakeMember first = members.started.getFirst();
        assertThat(handle).isEqualTo(new SpawnHandle("s1", "model", first.state()));
        assertThat(first.assignments).containsExactly("s1/model:model");
        assertThat(progress).containsExactly("model: JVM 1 of the warm pool assigned");
        await().until(() -> members.started.size() == 2 && pool.warm() == 1);
    }

    @Test
    void aUsedJvmIsNeverHandedOutAgain() {
        pool(2);
        await().until(() -> pool.warm() == 2);
        List<SpawnHandle> handles = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String session = "s" + i;
            await().until(() -> pool.warm() >= 1);
            handles.add(take(session, "echo").orElseThrow());
        }
        assertThat(handles.stream().map(h -> h.state().values().get("member")).distinct())
                .hasSize(6);
        assertThat(List.copyOf(members.started))
                .allSatisfy(member -> assertThat(member.assignments.size()).isLessThanOrEqualTo(1));
    }

    @Test
    void aPooledJvmThatDiesIsReplaced() {
        pool(1);
        await().until(() -> pool.warm() == 1);
        FakeMember first = members.started.getFirst();

        first.alive = false;

        await().until(() -> members.started.size() == 2 && pool.warm() == 1);
        assertThat(first.stopped).isTrue();
        SpawnHandle handle = take("s1", "model").orElseThrow();
        assertThat(handle.state().values()).containsEntry("member", "2");
        assertThat(first.assignments).isEmpty();
    }

    @Test
    void aJvmThatCannotBeAssignedIsStoppedAndTheNextOneTaken() {
        pool(2);
        await().until(() -> pool.warm() == 2);
        FakeMember first = members.started.getFirst();
        first.refusesInput = true;

        SpawnHandle handle = take("s1", "model").orElseThrow();

        assertThat(handle.state().values()).containsEntry("member", "2");
        assertThat(first.stopped).isTrue();
    }

    @Test
    void aJvmStillWarmingUpIsNotHandedOut() {
        members.warmAtOnce = false;
        pool(1);
        await().until(() -> members.started.size() == 1);

        assertThat(take("s1", "model")).isEmpty();
        assertThat(members.started.getFirst().assignments).isEmpty();
    }

    @Test
    void aRequestNoPooledJvmCanRunIsLeftToTheSpawner() {
        pool(1);
        await().until(() -> pool.warm() == 1);

        assertThat(take("s1", FakeMembers.UNPOOLABLE)).isEmpty();
        assertThat(pool.warm()).isEqualTo(1);
    }

    @Test
    void sizeZeroIsNoPool() {
        pool(0);
        assertThat(take("s1", "model")).isEmpty();
        assertThat(members.started).isEmpty();
        assertThat(pool.size()).isZero();
    }

    @Test
    void closingStopsEveryPooledJvmAndHandsOutNoMore() {
        pool(2);
        await().until(() -> pool.warm() == 2);

        pool.close();

        assertThat(List.copyOf(members.started))
                .allSatisfy(member -> assertThat(member.stopped).isTrue());
        assertThat(take("s1", "model")).isEmpty();
        assertThat(pool.size()).isZero();
    }

    /** Starts fake members; {@link #UNPOOLABLE} stands for a request no pooled JVM can run. */
    static final class FakeMembers implements PoolMembers {
        static final String UNPOOLABLE = "unpoolable";
        final List<FakeMember> started = Collections.synchronizedList(new ArrayList<>());
        /** For each start, how many started members were alive and not warm yet. */
        final List<Integer> warmingWhenStarted = Collections.synchronizedList(new ArrayList<>());

        volatile boolean warmAtOnce = true;
        private final AtomicInteger numbers = new AtomicInteger();

        @Override
        public PoolMember start(int number) {
            warmingWhenStarted.add((int) List.copyOf(started).stream()
                    .filter(m -> m.alive && !m.warm && !m.stopped)
                    .count());
            FakeMember member = new FakeMember(number);
            member.warm = warmAtOnce;
            numbers.incrementAndGet();
            started.add(member);
            return member;
        }

        @Override
        public Optional<PoolAssignment> assignment(SpawnRequest request) {
            return request.service().equals(UNPOOLABLE)
                    ? Optional.empty()
                    : Optional.of(new PoolAssignment(List.of(request.service()), Map.of()));
        }
    }

    static final class FakeMember implements PoolMember {
        private final int number;
        volatile boolean alive = true;
        volatile boolean warm;
        volatile boolean stopped;
        volatile boolean refusesInput;
        final List<String> assignments = Collections.synchronizedList(new ArrayList<>());

        FakeMember(int number) {
            this.number = number;
        }

        SpawnState state() {
            return new SpawnState("fake", Map.of("member", Integer.toString(number)));
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public boolean isWarm() {
            return warm;
        }

        @Override
        public SpawnHandle assign(SpawnRequest request, PoolAssignment assignment) throws IOException {
            if (refusesInput) {
                throw new IOException("Broken pipe");
            }
            assignments.add(request.session() + "/" + request.service() + ":" + assignment.service());
            return new SpawnHandle(request.session(), request.service(), state());
        }

        @Override
        public void stop() {
            stopped = true;
            alive = false;
        }
    }
}
