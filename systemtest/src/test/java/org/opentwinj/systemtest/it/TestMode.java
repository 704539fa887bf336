package org.opentwinj.systemtest.it;

/**
 * The suite's two modes. The default run ({@code ./opentwin test}) runs every soak at a count
 * that keeps the whole suite within its 25-minute budget on a 2-core machine; the long mode
 * ({@code ./opentwin test --long}, that is {@code -Dopentwin.long=true}) runs the same tests
 * with the same checks at their full counts. Run the long mode before resolving an issue that
 * touches what a soak exercises. docs/testing.md lists the soaks with both counts.
 */
final class TestMode {
    /** The system property of the long mode. */
    static final String LONG = "opentwin.long";

    private TestMode() {}

    static boolean isLong() {
        return Boolean.getBoolean(LONG);
    }

    /**
     * A soak's count: {@code -Dproperty=N} when given, else the long mode's or the default count.
     *
     * @throws IllegalArgumentException when the property is given but is not a positive number
     */
    static int count(String property, int defaultCount, int longCount) {
        String given = System.getProperty(property);
        if (given == null || given.isBlank()) {
            return isLong() ? longCount : defaultCount;
        }
        int count;
        try {
            count = Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be a positive number, not '" + given + "'", e);
        }
        if (count < 1) {
            throw new IllegalArgumentException("-D" + property + " must be a positive number, not " + count);
        }
        return count;
    }

    /** "long" or "default", for a soak's output. */
    static String name() {
        return isLong() ? "long" : "default";
    }
}
