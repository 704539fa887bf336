package org.opentwinj.platform.logging;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The request context every log line carries: which action, session, user and project it
 * belongs to. Set it for the duration of a request with try-with-resources; it lives in the
 * MDC of the current (virtual) thread.
 */
public final class LogContext implements AutoCloseable {
    public static final String ACTION = "action";
    public static final String SESSION = "session";
    public static final String USER = "user";
    public static final String PROJECT = "project";
    public static final String ERROR_ID = "errorId";
    public static final String PEER = "peer";
    /** The job (of a compute service) a line belongs to, so that a job's log can be read alone. */
    public static final String JOB = "job";

    static final List<String> KEYS = List.of(ACTION, SESSION, USER, PROJECT, ERROR_ID, PEER, JOB);

    private final List<String> keys;

    private LogContext(List<String> keys) {
        this.keys = keys;
    }

    /** Puts the non-null pairs (key, value, key, value ...) into the MDC until {@link #close()}. */
    public static LogContext with(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of key and value expected");
        }
        ArrayList<String> set = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                MDC.put(pairs[i], pairs[i + 1]);
                set.add(pairs[i]);
            }
        }
        return new LogContext(List.copyOf(set));
    }

    @Override
    public void close() {
        keys.forEach(MDC::remove);
    }
}
