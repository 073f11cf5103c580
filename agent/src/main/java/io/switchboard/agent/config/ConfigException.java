package io.switchboard.agent.config;

/**
 * A configuration the agent cannot start with. Its message is complete and user facing: it names
 * the key, the source and what the key accepts. The agent prints it and stops the JVM.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the complete message, starting with {@code switchboard: }.
     */
    public ConfigException(final String message)
    {
        super(message);
    }

    /**
     * Builds the standard invalid value message.
     *
     * @param key    the key.
     * @param value  the value as given (hidden for secret keys).
     * @param source where the value came from, e.g. {@code system property}.
     * @return the exception to throw.
     */
    static ConfigException invalidValue(final ConfigKey<?> key, final String value, final String source)
    {
        final String shown = key.isSecret() ? "<hidden>" : value;
        return new ConfigException("switchboard: invalid value \"" + shown + "\" for " + key.propertyName() +
            " (from " + source + "): expected " + key.accepted());
    }
}
