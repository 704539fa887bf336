package org.opentwinj.services.model.access;

/** What a caller may do with the session's project. */
public enum Rights {
    NONE,
    READ,
    WRITE,
    OWNER;

    /** AUTH's access label (owner, write, read, none). */
    public static Rights of(String access) {
        return switch (access) {
            case "owner" -> OWNER;
            case "write" -> WRITE;
            case "read" -> READ;
            default -> NONE;
        };
    }

    public boolean allows(Rights needed) {
        return compareTo(needed) >= 0;
    }
}
