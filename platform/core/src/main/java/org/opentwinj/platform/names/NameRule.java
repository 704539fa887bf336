package org.opentwinj.platform.names;

import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;

/**
 * The one rule for each kind of name a person chooses: AUTH enforces the user, group and project
 * rules, the Model service the entity and label rules, and the web client shows the same rules
 * before submitting (they are written into its generated contract, so the page and the servers
 * cannot drift). A name is first trimmed of separators at either end; then it must have 1 to
 * {@link #maxLength()} code points (an emoji is one, however many UTF-16 units it takes) and match
 * {@link #pattern()}. Nothing is ever cut: a name that breaks the rule is refused with the rule.
 *
 * <p>The rules apply to new and renamed names only: a stored name from before a rule changed still
 * loads and displays, and keeps its name when something else about it changes.
 *
 * <p>The patterns use only what Java and JavaScript (with the {@code u} flag) read alike: character
 * classes, Unicode general categories and {@code \x} escapes.
 */
public enum NameRule {
    /** Identifiers people type in commands ({@code opentwin groups add-member team bob@lab}). */
    USER("user name", 64, Patterns.IDENTIFIER, Patterns.IDENTIFIER_WORDS),
    /** The same rule as user names: both are typed in the same commands and shown side by side. */
    GROUP("group name", 64, Patterns.IDENTIFIER, Patterns.IDENTIFIER_WORDS),
    /** What people call their work: any printable text, emoji included. */
    PROJECT("project name", 200, Patterns.PRINTABLE, Patterns.PRINTABLE_WORDS),
    /** The names in a model's tree: the same rule as projects. */
    ENTITY("entity name", 200, Patterns.PRINTABLE, Patterns.PRINTABLE_WORDS),
    /** Labels on versions ("submitted", "v1.0"), typed in {@code model checkout}: identifiers without '@'. */
    LABEL(
            "label",
            64,
            "[A-Za-z0-9][A-Za-z0-9._-]*",
            "letters, digits, '.', '_' or '-', starting with a letter or digit");

    /** The characters dropped at either end of a name before it is checked: separators and white space. */
    public static final String TRIMMED = "[\\p{Z}\\t\\n\\x0B\\f\\r]";

    private static final Pattern LEADING = Pattern.compile("^" + TRIMMED + "+");
    // \z, not $: Java's $ also matches before a final line terminator (JavaScript's does not).
    private static final Pattern TRAILING = Pattern.compile(TRIMMED + "+\\z");

    private final String noun;
    private final int maxLength;
    private final String pattern;
    private final Pattern compiled;
    private final String allowed;

    NameRule(String noun, int maxLength, String pattern, String allowed) {
        this.noun = noun;
        this.maxLength = maxLength;
        this.pattern = pattern;
        this.compiled = Pattern.compile(pattern);
        this.allowed = allowed;
    }

    /** What the name is called in messages ("group name"). */
    public String noun() {
        return noun;
    }

    /** The most code points a name may have (after trimming). */
    public int maxLength() {
        return maxLength;
    }

    /** The regular expression a whole trimmed name must match (its length is checked apart). */
    public String pattern() {
        return pattern;
    }

    /** The rule in one line, as forms show it under the field and servers say it on a refusal. */
    public String description() {
        return "1 to " + maxLength + " " + allowed;
    }

    /** The name without the separators at its ends. */
    public static String trim(String name) {
        return TRAILING.matcher(LEADING.matcher(name).replaceFirst("")).replaceFirst("");
    }

    /**
     * Checks a new or changed name.
     *
     * @return the name to store: trimmed, otherwise as given
     * @throws PublicException (400) saying what is wrong and the whole rule, if the name breaks it
     */
    public String check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new PublicException(problem);
        }
        return trim(name);
    }

    /** Why the name breaks the rule (a sentence with the rule), or null if it keeps it. */
    public String problem(String name) {
        String trimmed = name == null ? "" : trim(name);
        int length = trimmed.codePointCount(0, trimmed.length());
        String rule = noun + "s are " + description();
        if (length == 0) {
            return "the " + noun + " is empty: " + rule;
        }
        if (length > maxLength) {
            return "the " + noun + " has " + length + " characters, " + (length - maxLength) + " too many: " + rule;
        }
        if (!compiled.matcher(trimmed).matches()) {
            return "the " + noun + " '" + printable(trimmed) + "' is not allowed: " + rule;
        }
        return null;
    }

    /** The name with its control characters shown as {@code \\uXXXX}, so a message never carries them raw. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.SURROGATE || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The shared patterns (an enum's constants cannot refer to its own static fields). */
    private static final class Patterns {
        static final String IDENTIFIER = "[A-Za-z0-9][A-Za-z0-9._@-]*";
        static final String IDENTIFIER_WORDS = "letters, digits, '.', '_', '@' or '-', starting with a letter or digit";
        // Any code point but controls, lone surrogates and the line and paragraph separators;
        // format characters stay allowed, since emoji sequences are joined by U+200D.
        static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}\\u2028\\u2029]+";
        static final String PRINTABLE_WORDS = "characters (an emoji counts as one), no control characters";
    }
}
