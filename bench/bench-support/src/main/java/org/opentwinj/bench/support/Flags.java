package org.opentwinj.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a harness's command line, flag by flag, and checks values against their bounds. Every
 * problem is an {@link IllegalArgumentException} that names the flag and is shown as it is:
 *
 * <pre>{@code
 * Flags flags = new Flags(args);
 * while (flags.hasNext()) {
 *     switch (flags.next()) {
 *         case "--keep-dir" -> keepDir = true;          // a switch: takes no value
 *         case "--measure" -> measure = flags.duration();
 *         case "--out" -> out = Path.of(flags.value());
 *         default -> throw flags.unknown();
 *     }
 * }
 * }</pre>
 */
public final class Flags {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private final List<String> args;
    private int position;
    private String flag;

    public Flags(List<String> args) {
        this.args = List.copyOf(args);
    }

    public boolean hasNext() {
        return position < args.size();
    }

    /** The next flag; its value, if it takes one, is read with {@link #value()} or a typed reader. */
    public String next() {
        flag = args.get(position++);
        return flag;
    }

    /** The value of the current flag: the argument after it. */
    public String value() {
        if (position >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value (see --help)");
        }
        return args.get(position++);
    }

    /** The value as a duration like {@code 500ms}, {@code 5s} or {@code 1m}. */
    public Duration duration() {
        return duration(flag, value());
    }

    public int integer() {
        return integer(flag, value());
    }

    public long longInteger() {
        String value = value();
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a whole number");
        }
    }

    /** The value as comma-separated whole numbers; empty parts are skipped ({@code "2, 8,"} is 2 and 8). */
    public List<Integer> integers() {
        String value = value();
        return list(value).stream().map(part -> integer(flag, part)).toList();
    }

    /** The error for a flag the harness does not know. */
    public IllegalArgumentException unknown() {
        return new IllegalArgumentException("unknown flag '" + flag + "' (see --help)");
    }

    /** Parses {@code 500ms}, {@code 5s} or {@code 1m}. */
    public static Duration duration(String flag, String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a duration like 500ms, 5s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    public static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a whole number");
        }
    }

    /** The non-blank parts of a comma-separated value, stripped. */
    public static List<String> list(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    /** Refuses a number outside {@code min .. max}. */
    public static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + ": " + value + " is not between " + min + " and " + max);
        }
    }

    /**
     * Refuses a phase that is negative, zero where zero is not allowed, or longer than
     * {@code max}: the upper bound keeps every run bounded in time, whatever the flags say.
     */
    public static void phase(String flag, Duration d, boolean zeroAllowed, Duration max) {
        if (d.isNegative() || (!zeroAllowed && d.isZero()) || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + ": " + d + " is out of range (" + (zeroAllowed ? "0" : "1ms")
                    + " .. " + max.toMinutes() + "m)");
        }
    }
}
