package org.opentwinj.bench.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a run measures: which session type, and against what. */
enum Scenario {
    /** A session of three echo services, all at open, against starting the three JVMs directly. */
    ECHO3("echo3"),
    /**
     * Issue 14's targets: a session of the Model at open and two on-demand services, against the
     * Model JVM started directly; the first command to an on-demand service through the relay;
     * {@code opentwin session open} from the shell; sessions per minute.
     */
    COMPUTE("compute");

    private final String id;

    Scenario(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the valid ids */
    static Scenario parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.id.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + text + "'; valid: "
                + Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", ")));
    }
}
