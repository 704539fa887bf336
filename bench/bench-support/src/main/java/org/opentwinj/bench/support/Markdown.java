package org.opentwinj.bench.support;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The pieces every report is made of: numbers formatted the same way (missing is "n/a"),
 * ratios that are missing rather than infinite, counts that stand out when they should be 0,
 * bullet lists and the quoted command. Pure, so the reports' unit tests pin their layout.
 */
public final class Markdown {
    private Markdown() {}

    /** {@code value} in {@code format} (root locale), or "n/a" when it is NaN or infinite. */
    public static String fmt(String format, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /**
     * {@code a ÷ b}; NaN when either is missing or {@code b} is not positive. The figures
     * compared are rates, latencies, CPU times and sizes, none of which is negative; a
     * difference (an added latency) at or below 0 has no meaningful ratio.
     */
    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b <= 0) {
            return Double.NaN;
        }
        return a / b;
    }

    /** Whole seconds as "5 s", anything else as "1500 ms". */
    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A count that should be 0 (errors, failures): 0 plain, anything else in bold. */
    public static String alarm(long count) {
        return count == 0 ? "0" : "**" + count + "**";
    }

    /** Connections at the end of a period and, in brackets, how many were opened during it; "n/a" where unknown (-1). */
    public static String connections(int connections, int opened) {
        return (connections < 0 ? "n/a" : Integer.toString(connections)) + " ("
                + (opened < 0 ? "n/a" : Integer.toString(opened)) + ")";
    }

    /** One {@code - line} per line. */
    public static String bullets(List<String> lines) {
        StringBuilder md = new StringBuilder();
        lines.forEach(line -> md.append("- ").append(line).append('\n'));
        return md.toString();
    }

    /** The "Command:" paragraph that opens every report: the exact command line in a code block. */
    public static String command(String command) {
        return "Command:\n\n```\n" + command + "\n```\n\n";
    }
}
