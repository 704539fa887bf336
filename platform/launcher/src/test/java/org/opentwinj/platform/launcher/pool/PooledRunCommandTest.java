package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.launcher.RunCommand;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import picocli.CommandLine;

/** {@code opentwin run --pooled} as the command line offers it; the pooled JVM itself is {@link PooledLauncherTest}'s. */
class PooledRunCommandTest {
    private static final ServiceDefinition PROBE = new ServiceDefinition() {
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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine run() {
        CommandLine run = RunCommand.create(
                List.of(PROBE), Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        run.setOut(new PrintWriter(out, true));
        run.setErr(new PrintWriter(err, true));
        return run;
    }

    @Test
    void theHelpOfRunNamesThePooledModeAndItsWarmFile() {
        assertThat(run().execute("--help")).isZero();
        assertThat(out.toString()).contains("--pooled", "--pool-warm-file=FILE", "standard input");
    }

    @Test
    void runWithoutAServiceOrThePooledModeStillAsksForAService() {
        assertThat(run().execute()).isEqualTo(2);
        assertThat(err.toString()).contains("name the service to run: one of probe");
    }

    @Test
    void theNetworkChannelNeedsAllOfItsFlags() {
        assertThat(run().execute("--pooled", "--pool-port", "8443", "--pool-lss", "lss"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("the assignment over the network needs --pool-cert, --pool-key, --pool-ca, --pool-files too");
    }

    @Test
    void theHelpOfRunNamesTheNetworkChannel() {
        assertThat(run().execute("--help")).isZero();
        assertThat(out.toString()).contains("--pool-port=PORT", "--pool-lss=CN", "over mTLS");
    }
}
