package io.switchboard.agent.config;

/**
 * What a consumer does when no provider is reachable ({@code switchboard.fallback}).
 */
public enum Fallback
{
    /** Throw {@code NoProviderException}. */
    FAIL("fail"),
    /** Run the local implementation. */
    LOCAL("local");

    private final String configName;

    Fallback(final String configName)
    {
        this.configName = configName;
    }

    @Override
    public String toString()
    {
        return configName;
    }
}
