package org.opentwinj.platform.launcher.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;

/**
 * What a pooled JVM becomes: the arguments of {@code opentwin run} (the service first, then its
 * flags, exactly as the LSS would start it as a new process) and the settings it gets as
 * variables. The LSS writes it as one JSON line to the JVM's standard input; the JVM takes on
 * that one identity and never another.
 *
 * @param arguments   {@code <service> --flag value ...}
 * @param environment variables added to the JVM's own (settings kept out of command lines)
 */
public record PoolAssignment(List<String> arguments, Map<String, String> environment) {
    /** The flags without which an assignment names no session identity: a pooled JVM only becomes a session service. */
    static final List<String> IDENTITY_FLAGS =
            List.of("--session-id", "--session-service", "--lss-url", "--cert", "--key", "--ca");

    public PoolAssignment {
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The service it runs. */
    public String service() {
        return arguments.isEmpty() ? "" : arguments.getFirst();
    }

    /** One line of JSON (no line breaks: JSON escapes them in strings). */
    public String toLine() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a pool assignment", e);
        }
    }

    /**
     * Reads and checks an assignment line.
     *
     * @param services the services this distribution runs
     * @throws ExitException {@link ExitCode#INVALID_CONFIGURATION} naming what is wrong: not JSON,
     *     an unknown service, or a missing session identity flag
     */
    public static PoolAssignment parse(String line, Set<String> services) {
        PoolAssignment assignment;
        try {
            assignment = Json.mapper().readValue(line, PoolAssignment.class);
        } catch (JsonProcessingException | NullPointerException e) {
            throw refused("it is not an assignment in JSON: " + e.getMessage());
        }
        return assignment.checked(services);
    }

    /**
     * Checks an assignment however it arrived (a line on standard input, or {@code Pool.Assign}).
     *
     * @param services the services this distribution runs
     * @return this assignment
     * @throws ExitException {@link ExitCode#INVALID_CONFIGURATION} naming an unknown service or a
     *     missing session identity flag
     */
    public PoolAssignment checked(Set<String> services) {
        if (!services.contains(service())) {
            throw refused("it names the service '" + service() + "'; this distribution runs "
                    + services.stream().sorted().toList());
        }
        for (String flag : IDENTITY_FLAGS) {
            int at = arguments.indexOf(flag);
            if (at < 1 || at + 1 >= arguments.size()) {
                throw refused("it lacks " + flag + ": a pooled JVM takes on exactly one session service's identity");
            }
        }
        return this;
    }

    /** The value of a flag, or empty when it has none. */
    public String flag(String name) {
        int at = arguments.indexOf(name);
        return at < 1 || at + 1 >= arguments.size() ? "" : arguments.get(at + 1);
    }

    private static ExitException refused(String why) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, "refused the pool assignment: " + why);
    }
}
