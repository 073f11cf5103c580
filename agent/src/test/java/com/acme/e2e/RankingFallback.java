package com.acme.e2e;

import java.util.List;

/**
 * The ranking's fallback ({@code switchboard.service.com.acme.e2e.Ranking.fallback}): answers when no
 * ranking provider can, with values the caller can tell apart from a real answer.
 */
public class RankingFallback implements Ranking
{
    /** What {@link #pid()} answers: no process has this id. */
    public static final long NO_PID = -42;

    @Override
    public long pid()
    {
        return NO_PID;
    }

    @Override
    public <T extends Comparable<T>> T max(final List<T> values)
    {
        return values.isEmpty() ? null : values.get(0); // degraded: the first rather than the largest
    }
}
