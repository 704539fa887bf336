package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opentwinj.cli.compute.JobText;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opentwin jobs ...}: the session's job board (kept by its Model service): list, show,
 * follow live through the relay's {@code job} events, cancel.
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Lists, shows, follows and cancels the jobs of a project's session.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class, JobsCommand.Cancel.class})
public final class JobsCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Wait for an event this long at a time, so that a closed relay is noticed. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private JobsCommand() {}

    /**
     * The exit code of a followed job: 0 DONE or left running (a hint says how to follow it
     * again); FAILED ends the command with {@link ExitCode#JOB_FAILED}, CANCELLED with
     * {@link ExitCode#JOB_CANCELLED}, each with its reason, so a script can tell them apart and
     * from a refused request.
     */
    static int ended(JobFollower.Outcome outcome, String project, ClientContext context) {
        JobView job = outcome.job();
        if (outcome.left()) {
            context.err()
                    .println("job " + job.id() + " runs on: 'opentwin jobs show " + project + " " + job.id()
                            + " --follow' follows it, 'opentwin jobs cancel " + project + " " + job.id()
                            + "' cancels it");
            return ExitCode.OK.code();
        }
        if (job.state() == JobState.DONE) {
            context.out().println(JobText.outcome(job));
            return ExitCode.OK.code();
        }
        throw new ExitException(
                job.state() == JobState.CANCELLED ? ExitCode.JOB_CANCELLED : ExitCode.JOB_FAILED, JobText.outcome(job));
    }

    /** The terminal's width for progress bars: {@code COLUMNS} when the shell exports it, else 80. */
    static int width(ClientContext context) {
        try {
            int columns = Integer.parseInt(context.environment().getOrDefault("COLUMNS", "80"));
            return columns >= 20 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Base of the jobs commands: the project's running session. */
    abstract static class JobsAction extends ClientCommand {
        @Parameters(index = "0", paramLabel = "PROJECT", description = "project id or name (or session id)")
        String project;

        JobsAction(ClientContext context) {
            super(context);
        }

        String session() {
            return new ProjectSessions(this).running(project);
        }
    }

    @Command(
            name = "list",
            description = {
                "Lists the session's jobs, newest first: those queued or running and those",
                "that ended in the last hour (--all: every one); --follow then prints each",
                "change live until Ctrl-C."
            })
    static class ListJobs extends JobsAction implements Runnable {
        @Option(names = "--all", description = "also the jobs that ended earlier")
        boolean all;

        @Option(names = "--service", description = "only this service's jobs")
        String service;

        @Option(
                names = {"-f", "--follow"},
                description = "then print every change of a job as it happens, until Ctrl-C")
        boolean follow;

        ListJobs(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            throughRelay(session(), relay -> {
                JsonNode jobs = relay.request(
                                JobFollower.BOARD,
                                ModelCommand.message(
                                        ActionNames.JOB_LIST, "all", all ? Boolean.TRUE : null, "service", service),
                                ModelCommand.TIMEOUT)
                        .path("jobs");
                if (jobs.isEmpty() && !follow) {
                    context.out().println("no jobs" + (all ? "" : " (--all shows those that ended over an hour ago)"));
                }
                for (JsonNode job : jobs) {
                    context.out().println(row(JobFollower.view(job)));
                }
                while (follow) {
                    Optional<JobView> changed = relay.nextPush(WAIT).flatMap(JobFollower::jobOf);
                    changed.filter(job -> service == null || service.equals(job.service()))
                            .ifPresent(job -> context.out().println(row(job)));
                }
                return null;
            });
        }
    }

    /** One job in a line: id, service, state, done, title, message, user, since. */
    static String row(JobView job) {
        String done = job.state() == JobState.RUNNING
                ? (int) Math.floor(Math.min(1, Math.max(0, job.fraction())) * 100) + "%"
                : job.state() == JobState.DONE ? "100%" : "-";
        Instant since = job.ended() != null ? job.ended() : job.started() != null ? job.started() : job.created();
        return String.format(
                        Locale.ROOT,
                        "%-24s %-12s %-9s %4s  %-14s %-30s %s",
                        job.id(),
                        job.service(),
                        job.state(),
                        done,
                        since == null ? "-" : TIME.format(since),
                        job.title(),
                        job.state().isEnded()
                                ? (job.reason() == null ? "" : job.reason())
                                : (job.message() == null ? "" : job.message()))
                .stripTrailing();
    }

    @Command(
            name = "show",
            description = {
                "Shows one job; --follow follows it to its end with a progress bar.",
                "Exit codes with --follow: 0 DONE, 10 FAILED, 11 CANCELLED (the reason is printed)."
            })
    static class Show extends JobsAction implements Callable<Integer> {
        @Parameters(index = "1", paramLabel = "JOB")
        String job;

        @Option(
                names = {"-f", "--follow"},
                description = "follow it until it ends (Ctrl-C stops following; the job runs on)")
        boolean follow;

        Show(ClientContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return throughRelay(session(), relay -> {
                if (follow) {
                    // Ctrl-C here only stops watching (the usual clean exit): nothing is asked, nothing cancelled.
                    JobFollower.Interruption never = JobFollower.Interruption.NONE;
                    return ended(
                            new JobFollower(relay, context.out(), context.interactive(), width(context), never)
                                    .follow(job),
                            project,
                            context);
                }
                details(JobFollower.get(relay, job));
                return ExitCode.OK.code();
            });
        }

        private void details(JobView view) {
            context.out().println("job      " + view.id());
            context.out().println("title    " + view.title());
            context.out().println("command  " + view.service() + " " + view.command());
            context.out().println("user     " + view.user());
            context.out()
                    .println("state    " + view.state()
                            + (view.state() == JobState.RUNNING
                                    ? " " + (int) Math.floor(view.fraction() * 100) + "%"
                                    : ""));
            if (view.message() != null) {
                context.out().println("message  " + view.message());
            }
            if (view.remainingMs() != null && !view.state().isEnded()) {
                context.out().println("left     " + JobText.duration(view.remainingMs()));
            }
            if (view.reason() != null) {
                context.out().println("reason   " + view.reason());
            }
            context.out().println("created  " + TIME.format(view.created()));
            if (view.started() != null) {
                context.out().println("started  " + TIME.format(view.started()));
            }
            if (view.ended() != null) {
                context.out().println("ended    " + TIME.format(view.ended()));
            }
            if (view.version() != null) {
                context.out()
                        .println("version  " + view.version()
                                + (Boolean.TRUE.equals(view.partial()) ? " (partial results)" : ""));
            }
            context.out().println("logs     opentwin logs --job " + view.id());
        }
    }

    @Command(
            name = "cancel",
            description = "Cancels a job: it stops at its next check; what it saves then is marked partial.")
    static class Cancel extends JobsAction implements Runnable {
        @Parameters(index = "1", paramLabel = "JOB")
        String job;

        Cancel(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JobView view = throughRelay(session(), relay -> JobFollower.cancel(relay, job));
            context.out()
                    .println(
                            view.state().isEnded()
                                    ? JobText.outcome(view)
                                    : "job " + view.id() + ": cancel asked (" + view.state() + "); 'opentwin jobs show "
                                            + project + " " + view.id() + " --follow' shows when it stops");
        }
    }
}
