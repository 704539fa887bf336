package org.opentwinj.platform.launcher.pool;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code Pool.Assign}: what a pooled JVM in a pod becomes, and the private files of
 * that identity (certificate, key, CA bundle), which it writes to its files directory before it
 * starts the service. Travels only over mTLS, from the LSS that started the pod.
 *
 * @param assignment the service and its flags, as on standard input for a local pooled JVM
 * @param files      file name (no directories) to content; the assignment's flags name them in
 *                   the pod's files directory
 */
public record PoolAssignRequest(PoolAssignment assignment, Map<String, String> files) {
    /** The action a pooled JVM in a pod serves, once. */
    public static final String ACTION = "Pool.Assign";

    public PoolAssignRequest {
        Objects.requireNonNull(assignment, "assignment");
        files = Map.copyOf(Objects.requireNonNull(files, "files"));
    }

    /**
     * The reply: which service of which session the JVM now becomes.
     *
     * @param service the service type it runs
     * @param session the session id of the identity it took on
     */
    public record Reply(String service, String session) {}
}
