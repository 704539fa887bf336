package org.opentwinj.services.auth.users;

import java.util.List;

/**
 * A stored user.
 *
 * @param name         the unique user name
 * @param passwordHash Argon2id PHC string; never leaves the service
 * @param roles        {@code admin} and/or {@code user}
 * @param enabled      disabled users cannot log in and their tokens stop working
 */
public record User(String name, String passwordHash, List<String> roles, boolean enabled) {
    public User {
        roles = List.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    @Override
    public String toString() {
        return "User[" + name + ", roles=" + roles + ", enabled=" + enabled + "]";
    }
}
