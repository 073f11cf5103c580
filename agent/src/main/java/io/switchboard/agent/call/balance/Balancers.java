package io.switchboard.agent.call.balance;

import io.switchboard.agent.config.LoadBalance;

/**
 * Creates the {@link Balancer} that {@code switchboard.loadbalance} names; one per service, since
 * round robin and consistent hashing keep per-service state.
 */
public final class Balancers
{
    private Balancers()
    {
    }

    /**
     * @param strategy the configured strategy.
     * @return a new balancer for one service.
     */
    public static Balancer create(final LoadBalance strategy)
    {
        return switch (strategy)
        {
            case P2C -> new PowerOfTwoChoices();
            case ROUND_ROBIN -> new RoundRobin();
            case WEIGHTED_RANDOM -> new WeightedRandom();
            case CONSISTENT_HASH -> new ConsistentHash();
        };
    }
}
