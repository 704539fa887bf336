package org.opentwinj.services.auth.groups;

import java.util.List;

/**
 * A group of users that projects can be shared with.
 *
 * @param name    unique name
 * @param owner   the user who manages its membership (besides admins)
 * @param members user names, the owner included
 */
public record Group(String name, String owner, List<String> members) {
    public Group {
        members = List.copyOf(members);
    }
}
