package org.opentwinj.cli.compute;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;

/** A job in words for the terminal: a progress bar, a plain line per change, and how it ended. */
public final class JobText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private JobText() {}

    /**
     * The line a terminal redraws: title, bar, percentage, message and time left, cut to the
     * width so that it never wraps (a wrapped line cannot be redrawn with a carriage return).
     */
    public static String bar(JobView job, int width) {
        int cells = 20;
        int done = (int) Math.round(clamped(job.fraction()) * cells);
        String line = job.title() + " [" + "#".repeat(done) + "-".repeat(cells - done) + "] "
                + String.format(Locale.ROOT, "%3d%%", percent(job)) + details(job);
        return line.length() > width ? line.substring(0, Math.max(0, width - 1)) + "…" : line;
    }

    /** The line a pipe or a file gets per change: time, state, percentage, message, time left. */
    public static String line(JobView job) {
        return (TIME.format(Instant.now()) + "  " + job.state() + "  "
                        + (job.state() == JobState.RUNNING ? percent(job) + "%" : "") + details(job))
                .stripTrailing();
    }

    /** What makes a new plain line worth printing: state, whole percent or message changed. */
    public static String change(JobView job) {
        return job.state() + "|" + percent(job) + "|" + job.message();
    }

    /** How the job ended (or where it is), one line: {@code job J DONE: ...}. */
    public static String outcome(JobView job) {
        return switch (job.state()) {
            case DONE ->
                "job " + job.id() + " DONE"
                        + (job.version() == null ? "" : ": results in model version " + job.version());
            case FAILED -> "job " + job.id() + " FAILED: " + (job.reason() == null ? "no reason given" : job.reason());
            case CANCELLED ->
                "job " + job.id() + " CANCELLED" + (job.reason() == null ? "" : " (" + job.reason() + ")")
                        + (Boolean.TRUE.equals(job.partial()) && job.version() != null
                                ? "; partial results in model version " + job.version()
                                : "; nothing saved");
            case QUEUED, RUNNING -> "job " + job.id() + " " + job.state() + details(job);
        };
    }

    /** Time in words, e.g. {@code 1h 02m}, {@code 3m 05s}, {@code 12s}. */
    public static String duration(long millis) {
        long seconds = Math.max(0, (millis + 999) / 1000);
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }

    private static String details(JobView job) {
        StringBuilder details = new StringBuilder();
        if (job.message() != null && !job.message().isBlank()) {
            details.append("  ").append(job.message());
        }
        if (job.state() == JobState.RUNNING && job.remainingMs() != null) {
            details.append("  ").append(duration(job.remainingMs())).append(" left");
        }
        return details.toString();
    }

    static int percent(JobView job) {
        return (int) Math.floor(clamped(job.fraction()) * 100);
    }

    private static double clamped(double fraction) {
        return Double.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    }
}
