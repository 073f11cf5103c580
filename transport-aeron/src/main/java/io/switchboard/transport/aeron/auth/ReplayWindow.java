package io.switchboard.transport.aeron.auth;

/**
 * Remembers which sequence numbers of one sender were accepted, over a sliding window of the last
 * {@link #SIZE}: a number seen before, or older than the window, is a replay. Numbers may arrive out
 * of order (callers on several threads take numbers, then offer), so the window is wide.
 * Not thread-safe: one receiving thread at a time.
 */
final class ReplayWindow
{
    static final int SIZE = 1024;
    private final long[] bits = new long[SIZE / 64];
    private long highest;

    /**
     * @param sequence a sequence number whose frame already passed its authentication tag.
     * @return true the first time it is seen inside the window; false for a replay, 0 or less, or too old.
     */
    boolean accept(final long sequence)
    {
        if (sequence <= 0)
        {
            return false;
        }
        if (sequence > highest)
        {
            final long advance = sequence - highest;
            if (advance >= SIZE)
            {
                java.util.Arrays.fill(bits, 0L);
            }
            else
            {
                for (long s = highest + 1; s < sequence; s++)
                {
                    clear(s);
                }
            }
            highest = sequence;
            set(sequence);
            return true;
        }
        if (highest - sequence >= SIZE || isSet(sequence))
        {
            return false;
        }
        set(sequence);
        return true;
    }

    private boolean isSet(final long s)
    {
        return (bits[(int)((s >>> 6) & (bits.length - 1))] & (1L << (s & 63))) != 0;
    }

    private void set(final long s)
    {
        bits[(int)((s >>> 6) & (bits.length - 1))] |= 1L << (s & 63);
    }

    private void clear(final long s)
    {
        bits[(int)((s >>> 6) & (bits.length - 1))] &= ~(1L << (s & 63));
    }
}
