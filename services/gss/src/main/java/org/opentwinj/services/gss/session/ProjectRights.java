package org.opentwinj.services.gss.session;

/** What a user may do with a project: AUTH's answer, faked in tests. */
@FunctionalInterface
public interface ProjectRights {
    /**
     * @return {@code owner}, {@code write}, {@code read} or {@code none}
     * @throws org.opentwinj.platform.error.PublicException 404 for an unknown project, 503 when AUTH cannot be reached
     */
    String access(String project, String user);
}
