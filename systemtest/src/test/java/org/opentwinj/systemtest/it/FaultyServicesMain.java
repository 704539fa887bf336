package org.opentwinj.systemtest.it;

import java.util.ArrayList;
import java.util.List;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;

/**
 * The real CLI and launcher with two extra services that fail on purpose, so that the
 * internal-error and out-of-memory exit codes are shown by real processes.
 */
public final class FaultyServicesMain {
    private FaultyServicesMain() {}

    public static void main(String[] args) {
        List<ServiceDefinition> services = List.of(new Crashing(), new Hungry());
        System.exit(OpenTwinCli.execute(args, System.getenv(), services, System.out, System.err));
    }

    /** Throws an unexpected exception while starting. */
    static final class Crashing implements ServiceDefinition {
        @Override
        public String name() {
            return "crashing";
        }

        @Override
        public String description() {
            return "fails with a bug";
        }

        @Override
        public void start(ServiceContext context) {
            throw new IllegalStateException("bug in start", new ArithmeticException("/ by zero"));
        }
    }

    /** Allocates until the heap is exhausted. */
    static final class Hungry implements ServiceDefinition {
        @Override
        public String name() {
            return "hungry";
        }

        @Override
        public String description() {
            return "runs out of memory";
        }

        @Override
        public void start(ServiceContext context) {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        }
    }
}
