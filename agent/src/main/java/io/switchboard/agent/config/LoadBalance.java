package io.switchboard.agent.config;

/**
 * How a consumer picks a provider among the live ones ({@code switchboard.loadbalance}).
 */
public enum LoadBalance
{
    /** Power of two choices: the less loaded of two random providers. */
    P2C("p2c"),
    /** Each provider in turn. */
    ROUND_ROBIN("round_robin"),
    /** At random, in proportion to the providers' weights. */
    WEIGHTED_RANDOM("weighted_random"),
    /** By a hash of the first argument, so equal arguments go to the same provider. */
    CONSISTENT_HASH("consistent_hash");

    private final String configName;

    LoadBalance(final String configName)
    {
        this.configName = configName;
    }

    @Override
    public String toString()
    {
        return configName;
    }
}
