package org.opentwinj.platform.pki.csr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * Durations written the way cfssl (and Go's {@code time.ParseDuration}) writes them:
 * {@code 8760h}, {@code 90m}, {@code 30s}, {@code 1h30m}, {@code 1.5h}, plus {@code d} for
 * days ({@code 365d}), which cfssl users miss most. Units are {@code d}, {@code h},
 * {@code m}, {@code s} and {@code ms}; a day is always 24 hours.
 */
public final class Durations {
    /** Longer validities are certainly a typo (and would overflow date arithmetic later). */
    public static final Duration MAXIMUM = Duration.ofDays(36_500);

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|d|h|m|s)");
    private static final String EXAMPLES = "use e.g. 8760h, 90m, 1h30m or 365d";

    private Durations() {}

    /**
     * Parses a positive duration.
     *
     * @throws PkiInputException if the text is blank, malformed, zero or longer than
     *     {@link #MAXIMUM}; the message quotes the text and gives examples
     */
    public static Duration parse(String text) {
        return parse("duration", text);
    }

    /**
     * Parses a positive duration, naming {@code field} (e.g. {@code ca.expiry} or
     * {@code --validity}) in the error message.
     */
    public static Duration parse(String field, String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new PkiInputException(field + " '" + text + "' is not a duration: " + EXAMPLES);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
        }
        if (nanos.compareTo(BigDecimal.valueOf(MAXIMUM.toNanos())) > 0) {
            throw new PkiInputException(field + " '" + text + "' is longer than 100 years");
        }
        long wholeNanos = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        if (wholeNanos <= 0) {
            throw new PkiInputException(field + " '" + text + "' must be longer than zero: " + EXAMPLES);
        }
        return Duration.ofNanos(wholeNanos);
    }

    /**
     * Formats a duration the way {@link #parse} reads it, in whole hours where it can
     * ({@code 8760h}), else in the largest units that represent it exactly ({@code 1h30m}).
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.isEmpty() ? duration.toNanos() + "ns" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }

    private static BigDecimal nanosPer(String unit) {
        Duration one = switch (unit) {
            case "d" -> Duration.ofDays(1);
            case "h" -> Duration.ofHours(1);
            case "m" -> Duration.ofMinutes(1);
            case "s" -> Duration.ofSeconds(1);
            case "ms" -> Duration.ofMillis(1);
            default -> throw new IllegalStateException("unit not in the pattern: " + unit);
        };
        return BigDecimal.valueOf(one.toNanos());
    }
}
