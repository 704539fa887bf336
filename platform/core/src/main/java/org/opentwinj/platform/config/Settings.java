package org.opentwinj.platform.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Resolved configuration: for each {@link Setting}, the flag if given, else the
 * {@code OPEN_TWIN_*} variable if set, else the default. Read once at start; services copy
 * what they need into their own immutable config record.
 */
public final class Settings {
    /** Where a value came from, for the start-up log. */
    public enum Source {
        FLAG,
        ENVIRONMENT,
        DEFAULT,
        UNSET
    }

    private record Resolved(Object value, Source source) {}

    private final Map<Setting<?>, Resolved> values;

    private Settings(Map<Setting<?>, Resolved> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param definitions every setting the process knows
     * @param flags       flag values by setting name (without dashes), as given on the command line
     * @param environment the process environment
     * @throws ExitException with {@link ExitCode#INVALID_CONFIGURATION} and a one-line reason
     *     naming the flag and the variable when a value does not parse
     */
    public static Settings resolve(
            List<Setting<?>> definitions, Map<String, String> flags, Map<String, String> environment) {
        Map<Setting<?>, Resolved> values = new LinkedHashMap<>();
        for (Setting<?> setting : definitions) {
            values.put(setting, resolveOne(setting, flags, environment));
        }
        for (String flag : flags.keySet()) {
            if (definitions.stream().noneMatch(s -> s.name().equals(flag))) {
                throw new ExitException(ExitCode.INVALID_CONFIGURATION, "unknown option --" + flag);
            }
        }
        return new Settings(values);
    }

    private static Resolved resolveOne(Setting<?> setting, Map<String, String> flags, Map<String, String> environment) {
        String flag = flags.get(setting.name());
        if (flag != null) {
            return new Resolved(parse(setting, flag, setting.flag()), Source.FLAG);
        }
        String variable = environment.get(setting.environmentVariable());
        if (variable != null && !variable.isBlank()) {
            return new Resolved(parse(setting, variable, setting.environmentVariable()), Source.ENVIRONMENT);
        }
        if (setting.defaultValue() != null) {
            return new Resolved(setting.defaultValue(), Source.DEFAULT);
        }
        return new Resolved(null, Source.UNSET);
    }

    private static Object parse(Setting<?> setting, String text, String origin) {
        try {
            return Objects.requireNonNull(setting.parser().parse(text.trim()));
        } catch (IllegalArgumentException e) {
            String shown = setting.secret() ? "****" : "'" + text + "'";
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "invalid value " + shown + " for " + origin + ": " + e.getMessage());
        }
    }

    /** The value, or null when the setting has no default and was not given. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Resolved resolved = values.get(setting);
        if (resolved == null) {
            throw new IllegalArgumentException("setting " + setting.name() + " was not declared");
        }
        return (T) resolved.value();
    }

    /** The value, or an {@link ExitException} saying which flag or variable is missing. */
    public <T> T require(Setting<T> setting) {
        T value = get(setting);
        if (value == null) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "missing " + setting.flag() + " (or " + setting.environmentVariable() + "): "
                            + setting.description());
        }
        return value;
    }

    public Source source(Setting<?> setting) {
        return values.get(setting).source();
    }

    /** The effective configuration for the start-up log: name to rendered value, secrets masked. */
    public Map<String, String> describe() {
        Map<String, String> described = new LinkedHashMap<>();
        values.forEach((setting, resolved) -> described.put(
                setting.name(),
                setting.render(resolved.value())
                        + (resolved.source() == Source.UNSET
                                ? ""
                                : " (" + resolved.source().name().toLowerCase() + ")")));
        return described;
    }
}
