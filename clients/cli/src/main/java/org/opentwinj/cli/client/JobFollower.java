package org.opentwinj.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.opentwinj.cli.compute.JobText;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobView;

/**
 * Follows one job on the terminal until it ends: live through the {@code job} events the Model
 * service pushes to the session's clients, with a {@code Job.Get} now and then in case an event
 * was lost. A terminal gets one progress bar redrawn in place; a pipe or file a plain line per
 * change. Ctrl-C asks whether to cancel the job; declining leaves it running.
 */
final class JobFollower {
    /** The board holds the jobs; it is the Model service of the session. */
    static final String BOARD = "model";
    /** How long without an event before the follower asks the board itself. */
    private static final Duration RECHECK = Duration.ofSeconds(30);
    /** How often Ctrl-C is looked for while no event comes. */
    private static final Duration TICK = Duration.ofMillis(250);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final SessionRelay relay;
    private final PrintStream out;
    private final boolean interactive;
    private final int width;
    private final Interruption interruption;

    /** What a Ctrl-C asks of the user while a job is followed. */
    interface Interruption extends AutoCloseable {
        /** Ctrl-C is not looked for: it ends the command as everywhere else, and the job runs on. */
        Interruption NONE = new Interruption() {
            @Override
            public boolean pressed() {
                return false;
            }

            @Override
            public boolean cancel(JobView job) {
                return false;
            }
        };

        /** Whether Ctrl-C was pressed since the last call; each press is answered once. */
        boolean pressed();

        /** Asks whether to cancel the job; true to cancel, false to stop following and leave it running. */
        boolean cancel(JobView job);

        /** Stops looking for Ctrl-C. */
        @Override
        default void close() {}
    }

    /** How following ended: the job's last view, and whether the user left it running. */
    record Outcome(JobView job, boolean left) {}

    JobFollower(SessionRelay relay, PrintStream out, boolean interactive, int width, Interruption interruption) {
        this.relay = relay;
        this.out = out;
        this.interactive = interactive;
        this.width = width;
        this.interruption = interruption;
    }

    /** The job as the board has it now. */
    static JobView get(SessionRelay relay, String job) {
        return view(relay.request(BOARD, ModelCommand.message(ActionNames.JOB_GET, "job", job), TIMEOUT));
    }

    /** Asks the board to cancel the job (it passes the request to the job's service); the job as it is then. */
    static JobView cancel(SessionRelay relay, String job) {
        return view(relay.request(BOARD, ModelCommand.message(ActionNames.JOB_CANCEL, "job", job), TIMEOUT));
    }

    /** Follows the job until it ends or the user leaves it after Ctrl-C. */
    Outcome follow(String id) {
        JobView job = get(relay, id);
        String shown = null;
        long lastNews = System.nanoTime();
        boolean cancelAsked = false;
        while (true) {
            shown = show(job, shown);
            if (job.state().isEnded()) {
                finish();
                return new Outcome(job, false);
            }
            if (interruption.pressed()) {
                finish();
                if (cancelAsked || !interruption.cancel(job)) {
                    return new Outcome(job, true);
                }
                cancelAsked = true;
                job = cancel(relay, id);
                shown = null;
                continue;
            }
            Optional<JobView> event = nextEventOf(id);
            if (event.isPresent()) {
                job = newer(job, event.get());
                lastNews = System.nanoTime();
            } else if (System.nanoTime() - lastNews > RECHECK.toNanos()) {
                job = get(relay, id);
                lastNews = System.nanoTime();
            }
        }
    }

    /** The next event about this job within one tick; other jobs' events and other pushes are passed over. */
    private Optional<JobView> nextEventOf(String id) {
        Optional<SessionRelay.Push> push = relay.nextPush(TICK);
        return push.flatMap(JobFollower::jobOf).filter(job -> job.id().equals(id));
    }

    /** The job of a {@code job} event from the board, if the push is one. */
    static Optional<JobView> jobOf(SessionRelay.Push push) {
        if (!BOARD.equals(push.service())
                || !JobEvent.EVENT.equals(push.message().path("event").asText())) {
            return Optional.empty();
        }
        return Optional.of(view(push.message().path("job")));
    }

    /** An event that arrives late (older than what a Job.Get showed) does not take an ended job back. */
    private static JobView newer(JobView current, JobView event) {
        return current.state().isEnded() ? current : event;
    }

    private String show(JobView job, String shown) {
        if (interactive) {
            String bar = JobText.bar(job, width);
            out.print("\r" + bar + " ".repeat(Math.max(0, width - 1 - bar.length())));
            out.flush();
            return bar;
        }
        String change = JobText.change(job);
        if (!change.equals(shown)) {
            out.println(JobText.line(job));
        }
        return change;
    }

    private void finish() {
        if (interactive) {
            out.println();
        }
    }

    static JobView view(JsonNode json) {
        try {
            return Json.mapper().treeToValue(json, JobView.class);
        } catch (JsonProcessingException e) {
            throw unreadable(e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw unreadable(e.getMessage(), e);
        }
    }

    private static ExitException unreadable(String why, Exception cause) {
        return new ExitException(
                ExitCode.PEER_UNREACHABLE,
                "the Model service answered a job this client cannot read (is the client older than the platform?): "
                        + why,
                cause);
    }
}
