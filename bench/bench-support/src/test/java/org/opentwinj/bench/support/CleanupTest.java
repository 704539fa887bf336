package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable step(String name) {
        return () -> closed.add(name);
    }

    @Test
    void closesLastInFirstOutAndOnlyOnce() {
        Cleanup cleanup = new Cleanup("test-bench");
        cleanup.add(step("directory"));
        cleanup.add(step("server"));
        cleanup.add(step("proxy"));

        cleanup.close();
        cleanup.close();

        assertThat(closed).containsExactly("proxy", "server", "directory");
    }

    @Test
    void aFailingStepDoesNotKeepTheOthersFromRunning() {
        Cleanup cleanup = new Cleanup("test-bench");
        cleanup.add(step("directory"));
        cleanup.add(() -> {
            throw new IllegalStateException("cannot stop");
        });
        cleanup.add(step("proxy"));

        cleanup.close();

        assertThat(closed).containsExactly("proxy", "directory");
    }

    @Test
    void closesDownToAStepAndLeavesTheEarlierOnes() {
        Cleanup cleanup = new Cleanup("test-bench");
        cleanup.add(step("directory"));
        AutoCloseable platform = cleanup.add(step("platform"));
        cleanup.add(step("session"));

        cleanup.closeDownTo(platform);
        assertThat(closed).containsExactly("session", "platform");

        cleanup.close();
        assertThat(closed).containsExactly("session", "platform", "directory");
    }
}
