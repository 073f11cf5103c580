package io.switchboard.agent.call.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code p2c}: draws two different providers at random in proportion to their weights (so warm-up and
 * registry weights shape the share), and sends to the one with fewer calls outstanding from this
 * consumer. It follows load without global state and avoids the herding of "always the least
 * loaded": a slow or stuck provider accumulates outstanding calls and loses most draws.
 */
final class PowerOfTwoChoices implements Balancer
{
    @Override
    public Target pick(final Target[] targets, final long nowNs, final Target exclude, final Object[] args)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final Target a = WeightedRandom.draw(targets, nowNs, exclude, null, random);
        if (null == a)
        {
            return null;
        }
        final Target b = WeightedRandom.draw(targets, nowNs, exclude, a, random);
        if (null == b)
        {
            return a; // the only one available
        }
        return b.outstanding() < a.outstanding() ? b : a; // equal loads: the first draw, itself random
    }
}
