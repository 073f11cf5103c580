package io.switchboard.agent.call.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code weighted_random}: at random, in proportion to each available provider's registry weight
 * (scaled by its warm-up).
 */
final class WeightedRandom implements Balancer
{
    @Override
    public Target pick(final Target[] targets, final long nowNs, final Target exclude, final Object[] args)
    {
        return draw(targets, nowNs, exclude, null, ThreadLocalRandom.current());
    }

    /**
     * @return an available provider other than {@code exclude} and {@code alsoExclude} (either may be
     * {@code null}), drawn in proportion to its weight; {@code null} when none is available.
     */
    static Target draw(
        final Target[] targets, final long nowNs, final Target exclude, final Target alsoExclude,
        final ThreadLocalRandom random)
    {
        long total = 0;
        Target anyAvailable = null;
        for (final Target candidate : targets)
        {
            if (candidate != exclude && candidate != alsoExclude && candidate.isAvailable(nowNs))
            {
                total += candidate.weight(nowNs);
                anyAvailable = candidate;
            }
        }
        if (0 == total)
        {
            return anyAvailable; // every available one has weight 0 (or none is available)
        }
        long point = random.nextLong(total);
        for (final Target candidate : targets)
        {
            if (candidate != exclude && candidate != alsoExclude && candidate.isAvailable(nowNs))
            {
                point -= candidate.weight(nowNs);
                if (point < 0)
                {
                    return candidate;
                }
            }
        }
        return anyAvailable; // availability or warm-up changed between the two passes
    }
}
