package org.opentwinj.services.auth.projects;

import java.util.Collection;
import java.util.Map;

/**
 * A catalog entry: the project's data lives in the model service; here are its name, owner
 * and who it is shared with.
 *
 * @param id     stable id other services use
 * @param name   unique per owner
 * @param owner  user name
 * @param shares group name to {@code read} or {@code write}
 */
public record Project(String id, String name, String owner, Map<String, String> shares) {
    public Project {
        shares = Map.copyOf(shares);
    }

    /** The access of a user who owns it or belongs to the given groups. */
    public ProjectAccess accessFor(String user, Collection<String> groupsOfUser) {
        if (owner.equals(user)) {
            return ProjectAccess.OWNER;
        }
        ProjectAccess best = ProjectAccess.NONE;
        for (String group : groupsOfUser) {
            String level = shares.get(group);
            if (level != null) {
                ProjectAccess granted = ProjectAccess.shareLevel(level);
                best = granted.compareTo(best) > 0 ? granted : best;
            }
        }
        return best;
    }
}
