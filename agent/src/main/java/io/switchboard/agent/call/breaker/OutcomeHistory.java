package io.switchboard.agent.call.breaker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@value #CAPACITY} outcomes of calls to one provider, as bits of one {@code long}
 * (1 = failure, newest in bit 0), updated lock-free by any number of calling threads.
 *
 * <p>A sentinel bit sits just above the newest {@code n} recorded outcomes, so the count of
 * recorded outcomes is its position: the history starts as {@code 1} (nothing recorded) and each
 * outcome shifts it left; once {@value #CAPACITY} are recorded the sentinel stays at bit
 * {@value #CAPACITY} and the oldest outcome falls off.
 */
final class OutcomeHistory
{
    /** How many outcomes are kept. */
    static final int CAPACITY = 62;

    private static final long EMPTY = 1L;
    private static final long SENTINEL_AT_CAPACITY = 1L << CAPACITY;
    private static final long OUTCOMES_MASK = SENTINEL_AT_CAPACITY - 1;

    private final AtomicLong bits = new AtomicLong(EMPTY);

    /**
     * Records one outcome.
     *
     * @param failure {@code true} for a failed call.
     * @return the history after it, to judge with {@link #consecutiveFailures} and {@link #failures}.
     */
    long record(final boolean failure)
    {
        long current;
        long next;
        do
        {
            current = bits.get();
            next = (current << 1) | (failure ? 1 : 0);
            if (next < 0) // the sentinel passed bit CAPACITY
            {
                next = (next & OUTCOMES_MASK) | SENTINEL_AT_CAPACITY; // full: the oldest outcome fell off
            }
        }
        while (!bits.compareAndSet(current, next));
        return next;
    }

    /** Forgets every outcome (on closing a circuit: the past failures are no longer news). */
    void clear()
    {
        bits.set(EMPTY);
    }

    /**
     * @param history a value returned by {@link #record}.
     * @return how many outcomes it holds.
     */
    static int recorded(final long history)
    {
        return 63 - Long.numberOfLeadingZeros(history);
    }

    /**
     * @param history a value returned by {@link #record}.
     * @return how many of the newest outcomes are failures in a row.
     */
    static int consecutiveFailures(final long history)
    {
        return Math.min(Long.numberOfTrailingZeros(~history), recorded(history));
    }

    /**
     * @param history a value returned by {@link #record}.
     * @param newest  how many of the newest outcomes to look at, at most {@link #recorded}.
     * @return how many of them are failures.
     */
    static int failures(final long history, final int newest)
    {
        return Long.bitCount(history & ((1L << newest) - 1));
    }
}
