package org.opentwinj.services.auth;

import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;

/** Checks of the names users choose, so that stored names are safe as document keys and in logs. */
public final class Names {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    // Group names become keys of a project's share map, so they must not contain dots or '$'.
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final int MAX_PROJECT_NAME = 200;

    private Names() {}

    public static String userName(String field, String name) {
        if (!USER.matcher(name).matches()) {
            throw new PublicException("field '" + field
                    + "' must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }

    public static String groupName(String field, String name) {
        if (!GROUP.matcher(name).matches()) {
            throw new PublicException("field '" + field
                    + "' must be 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    public static String projectName(String field, String name) {
        String trimmed = name.strip();
        if (trimmed.isEmpty()
                || trimmed.length() > MAX_PROJECT_NAME
                || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new PublicException(
                    "field '" + field + "' must be 1 to " + MAX_PROJECT_NAME + " printable characters");
        }
        return trimmed;
    }
}
