package org.opentwinj.platform.launcher;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a request for a graceful stop, so that the process can
 * finish in-flight work and exit with 0 rather than the JVM's default 143/130.
 */
public final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    public static void install(CompletableFuture<String> stopRequest) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stopRequest.complete("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                // The platform does not know the signal (e.g. INT when the JVM runs with -Xrs).
                LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
