package org.opentwinj.platform.launcher;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a request for a graceful stop, so that the process can
 * finish in-flight work and exit with 0 rather than the JVM's default 143/130. A process whose
 * parent stops it ignores SIGINT: a Ctrl-C at the terminal reaches every process of the
 * foreground group at once, and the parent must stop its children in order (the LSS before the
 * GSS and the database) rather than have them all stop together.
 */
public final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    public static void install(CompletableFuture<String> stopRequest) {
        install(stopRequest, false);
    }

    /** @param stoppedByParent whether SIGINT is ignored (the parent stops this process with SIGTERM) */
    public static void install(CompletableFuture<String> stopRequest, boolean stoppedByParent) {
        if (stoppedByParent) {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
            LOG.debug("SIGINT ignored: the parent process stops this one");
        }
        for (String name : stoppedByParent ? new String[] {"TERM"} : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stopRequest.complete("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                // The platform does not know the signal (e.g. INT when the JVM runs with -Xrs).
                LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
