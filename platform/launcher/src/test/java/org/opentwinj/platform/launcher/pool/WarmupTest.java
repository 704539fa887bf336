package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;

class WarmupTest {
    @Test
    void theWarmUpServesMutualTlsToItselfAndEveryCallIsAnswered() {
        ServiceDefinition probe = new ServiceDefinition() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public String description() {
                return "a service for tests";
            }

            @Override
            public void start(ServiceContext context) {}
        };

        assertThat(Warmup.run(List.of(probe))).isEqualTo(Warmup.CALLS);
    }
}
