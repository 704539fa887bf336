package org.opentwinj.services.lss.session;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.spawner.ExitStatus;

/** How the LSS words a service's exit and its delays for the user: pure text, no I/O. */
final class ExitReasons {
    private ExitReasons() {}

    /**
     * Why a service stopped, e.g. "mesh exited with code 2 (INVALID_CONFIGURATION) before it was
     * ready: invalid --frobnicate".
     *
     * @param service   the service's name in its session
     * @param exit      how it ended
     * @param when      "before it was ready", "unexpectedly"
     * @param lastWords the end of its log, asked only when the exit itself says nothing better
     *                  (it may need a call to the API server)
     */
    static String of(String service, ExitStatus exit, String when, Supplier<Optional<String>> lastWords) {
        if (exit.permanent()) {
            // e.g. "model: image localhost/opentwin/model:0.1.0 cannot be pulled: ...": the same whenever it happens.
            return service + ": " + exit.reason();
        }
        if (exit.reason() != null) {
            return service + " " + exit.reason() + " " + when;
        }
        String code = exit.isKnown() ? "exited with code " + exit.code() + codeName(exit.code()) : "exited";
        return service + " " + code + " " + when
                + lastWords.get().map(words -> ": " + words).orElse("");
    }

    /** " (INTERNAL_ERROR)" for the platform's own exit codes, " (signal 9)" for 137, else nothing. */
    static String codeName(int code) {
        for (ExitCode exitCode : ExitCode.values()) {
            if (exitCode.code() == code) {
                return " (" + exitCode.name() + ")";
            }
        }
        return code > 128 ? " (signal " + (code - 128) + ")" : "";
    }

    /** A duration as the events show it: "0.7 s". */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
