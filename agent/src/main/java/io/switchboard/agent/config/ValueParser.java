package io.switchboard.agent.config;

/**
 * Turns the text of a configuration value into its typed value.
 *
 * @param <T> the value type.
 */
@FunctionalInterface
public interface ValueParser<T>
{
    /**
     * @param text the value, already trimmed.
     * @return the typed value.
     * @throws IllegalArgumentException when the text is not acceptable; the caller turns it into a
     *                                  {@link ConfigException} naming the key and what it accepts.
     */
    T parse(String text);
}
