package org.opentwinj.cli.local;

import java.time.Duration;
import java.util.Map;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.supervision.RestartPolicy;
import picocli.CommandLine.Option;

/**
 * {@code up}'s restart flags: how it brings back a service that died. Each has an
 * {@code OPEN_TWIN_UP_*} variable; the {@code UP_} keeps them apart from the LSS's
 * {@code OPEN_TWIN_RESTART_*}, which reach the LSS (every variable given to {@code up} does)
 * and set how it restarts session services.
 */
public final class RestartOptions {
    static final long DEFAULT_INITIAL_DELAY_MS = 1_000;
    static final long DEFAULT_MAX_DELAY_MS = 300_000;
    static final int DEFAULT_LIMIT = 5;
    /** A service that stayed up this long starts a new row of restarts (as in the LSS); reaching ready does too. */
    private static final Duration RESET_AFTER = Duration.ofMinutes(10);

    private static final long MOST_MS = 3_600_000;
    private static final long MOST_RESTARTS = 1000;

    @Option(
            names = "--restart-initial-delay-ms",
            paramLabel = "MS",
            description = "delay before restarting a service that died; doubles with each failed restart in a row"
                    + " [env: OPEN_TWIN_UP_RESTART_INITIAL_DELAY_MS, default: " + DEFAULT_INITIAL_DELAY_MS + "]")
    Long initialDelayMs;

    @Option(
            names = "--restart-max-delay-ms",
            paramLabel = "MS",
            description = "longest delay between restarts [env: OPEN_TWIN_UP_RESTART_MAX_DELAY_MS, default: "
                    + DEFAULT_MAX_DELAY_MS + "]")
    Long maxDelayMs;

    @Option(
            names = "--restart-limit",
            paramLabel = "N",
            description = "failed restarts of a service in a row after which the platform stops, with that service's"
                    + " exit code; 0 stops it at the first death [env: OPEN_TWIN_UP_RESTART_LIMIT, default: "
                    + DEFAULT_LIMIT + "]")
    Integer limit;

    /** The policy from the flags, else the variables, else the defaults. */
    RestartPolicy policy(Map<String, String> environment) {
        long initial = value(
                initialDelayMs,
                "--restart-initial-delay-ms",
                environment,
                "OPEN_TWIN_UP_RESTART_INITIAL_DELAY_MS",
                DEFAULT_INITIAL_DELAY_MS);
        long max = value(
                maxDelayMs,
                "--restart-max-delay-ms",
                environment,
                "OPEN_TWIN_UP_RESTART_MAX_DELAY_MS",
                DEFAULT_MAX_DELAY_MS);
        long restarts = value(
                limit == null ? null : limit.longValue(),
                "--restart-limit",
                environment,
                "OPEN_TWIN_UP_RESTART_LIMIT",
                DEFAULT_LIMIT);
        if (initial > MOST_MS || max > MOST_MS || restarts > MOST_RESTARTS) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "restart delays must be at most " + MOST_MS + " ms and --restart-limit at most " + MOST_RESTARTS);
        }
        if (max < initial) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--restart-max-delay-ms must not be less than --restart-initial-delay-ms");
        }
        return new RestartPolicy(Duration.ofMillis(initial), Duration.ofMillis(max), RESET_AFTER, (int) restarts);
    }

    private static long value(
            Long flag, String flagName, Map<String, String> environment, String variable, long fallback) {
        String text = environment.get(variable);
        long value;
        String source;
        if (flag != null) {
            value = flag;
            source = flagName;
        } else if (text != null && !text.isBlank()) {
            source = variable;
            try {
                value = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION, variable + " must be a whole number, not '" + text + "'");
            }
        } else {
            return fallback;
        }
        if (value < 0) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, source + " must not be negative");
        }
        return value;
    }
}
