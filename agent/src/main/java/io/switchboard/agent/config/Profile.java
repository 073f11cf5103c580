package io.switchboard.agent.config;

/**
 * How the transport trades CPU for latency ({@code switchboard.profile}).
 */
public enum Profile
{
    /** Shared threading and backoff idle strategies: right for small machines. */
    BALANCED("balanced"),
    /** Dedicated spinning threads: for machines with spare cores. */
    LOW_LATENCY("low-latency");

    private final String configName;

    Profile(final String configName)
    {
        this.configName = configName;
    }

    @Override
    public String toString()
    {
        return configName;
    }
}
