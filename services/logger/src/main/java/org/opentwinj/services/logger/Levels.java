package org.opentwinj.services.logger;

import java.util.List;
import java.util.Locale;

/** Log level names in order of severity. */
final class Levels {
    static final List<String> ORDER = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private Levels() {}

    static int severity(String level) {
        int index = level == null ? -1 : ORDER.indexOf(level.toUpperCase(Locale.ROOT));
        return index < 0 ? ORDER.indexOf("INFO") : index;
    }

    /** @throws IllegalArgumentException for a name that is not a level */
    static int parse(String level) {
        int index = ORDER.indexOf(level.toUpperCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("unknown level '" + level + "': use one of " + String.join(", ", ORDER));
        }
        return index;
    }
}
