package org.opentwinj.cli.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opentwinj.platform.session.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a job is followed: instead of ending the command at once (what it does
 * elsewhere), it asks whether to cancel the job. A second Ctrl-C at the question ends the
 * command as usual, leaving the job running. Closing puts the usual handling back.
 */
final class CtrlC implements JobFollower.Interruption, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CtrlC.class);
    private static final Signal INT = new Signal("INT");

    private final AtomicBoolean pressed = new AtomicBoolean();
    private final BufferedReader answers;
    private final PrintStream prompt;
    private final SignalHandler previous;
    private volatile boolean asking;

    CtrlC(InputStream in, PrintStream prompt) {
        this.answers = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.prompt = prompt;
        SignalHandler replaced = null;
        try {
            replaced = Signal.handle(INT, this::interrupted);
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs or the platform has no SIGINT: Ctrl-C then ends the command as usual.
            LOG.warn("cannot handle SIGINT, Ctrl-C will not offer to cancel the job: {}", e.getMessage());
        }
        this.previous = replaced;
    }

    private void interrupted(Signal signal) {
        if (asking && previous != null) {
            previous.handle(signal);
        } else {
            pressed.set(true);
        }
    }

    @Override
    public boolean pressed() {
        return pressed.getAndSet(false);
    }

    @Override
    public boolean cancel(JobView job) {
        asking = true;
        try {
            prompt.print("Cancel job " + job.id() + " (" + job.title() + ")? [y/N] ");
            prompt.flush();
            String answer = answers.readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
        } catch (IOException e) {
            LOG.warn("cannot read the answer to 'cancel job {}?', leaving it running", job.id(), e);
            return false;
        } finally {
            asking = false;
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
