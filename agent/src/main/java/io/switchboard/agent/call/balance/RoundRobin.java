package io.switchboard.agent.call.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code round_robin}: each available provider in turn. Strict rotation: weights and warm-up are
 * not applied (use {@code weighted_random} or {@code p2c} for those).
 */
final class RoundRobin implements Balancer
{
    private final AtomicInteger cursor = new AtomicInteger();

    @Override
    public Target pick(final Target[] targets, final long nowNs, final Target exclude, final Object[] args)
    {
        final int n = targets.length;
        final int start = (cursor.getAndIncrement() & Integer.MAX_VALUE) % n;
        for (int i = 0; i < n; i++)
        {
            final Target candidate = targets[(start + i) % n];
            if (candidate != exclude && candidate.isAvailable(nowNs))
            {
                return candidate;
            }
        }
        return null;
    }
}
