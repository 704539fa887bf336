package org.opentwinj.platform.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configuration value: a command-line flag {@code --name} and its environment variable
 * {@code OPEN_TWIN_NAME}. Flags beat variables beat the default.
 *
 * @param name         kebab-case name; units belong in the name ({@code heartbeat-interval-ms})
 * @param description  one line for {@code --help} and the README table
 * @param defaultValue the value when neither flag nor variable is set, or {@code null} for none
 * @param parser       turns the text of a flag or variable into a value, or explains why not
 * @param secret       whether the value is masked when the configuration is logged
 * @param <T>          the value type
 */
public record Setting<T>(String name, String description, T defaultValue, ValueParser<T> parser, boolean secret) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public Setting {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting names are kebab-case: " + name);
        }
    }

    public static <T> Setting<T> of(String name, String description, T defaultValue, ValueParser<T> parser) {
        return new Setting<>(name, description, defaultValue, parser, false);
    }

    public static <T> Setting<T> secret(String name, String description, ValueParser<T> parser) {
        return new Setting<>(name, description, null, parser, true);
    }

    public String flag() {
        return "--" + name;
    }

    public String environmentVariable() {
        return "OPEN_TWIN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether the setting is a switch that may be given without a value ({@code --verbose}). */
    public boolean isSwitch() {
        return parser == ValueParsers.BOOLEAN;
    }

    /** Renders a value for the start-up log, masking secrets. */
    public String render(Object value) {
        if (value == null) {
            return "(unset)";
        }
        return secret ? "****" : String.valueOf(value);
    }
}
