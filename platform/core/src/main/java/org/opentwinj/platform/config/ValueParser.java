package org.opentwinj.platform.config;

/**
 * Turns the text of a flag or environment variable into a typed value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface ValueParser<T> {
    /**
     * @param text the raw text, never null, already trimmed
     * @return the value, never null
     * @throws IllegalArgumentException with a message that completes "invalid value ...: "
     *     and tells the user what is expected
     */
    T parse(String text);
}
