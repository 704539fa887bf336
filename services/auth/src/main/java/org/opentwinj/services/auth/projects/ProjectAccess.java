package org.opentwinj.services.auth.projects;

import java.util.Locale;
import org.opentwinj.platform.error.PublicException;

/** What a user may do with a project, weakest first, so the strongest of several grants wins. */
public enum ProjectAccess {
    NONE,
    READ,
    WRITE,
    OWNER;

    /** The lower-case name used on the wire. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A grant given through sharing: read or write. */
    static ProjectAccess shareLevel(String text) {
        return switch (text) {
            case "read" -> READ;
            case "write" -> WRITE;
            default -> throw new PublicException("field 'access' must be read or write");
        };
    }
}
