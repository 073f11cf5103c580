package io.switchboard.agent.call.balance;

import java.util.Arrays;

/**
 * A consistent-hash ring: each provider owns {@value #VIRTUAL_NODES} points placed by a hash of its
 * instance id, and a key belongs to the first point at or after the key's hash. When a provider
 * leaves, only the keys of its points move (to the next points on the ring); the rest stay put.
 * Immutable; built off the hot path whenever the providers change.
 */
final class HashRing
{
    /** Points per provider: enough that three providers get shares within a few percent of a third. */
    static final int VIRTUAL_NODES = 160;

    static final HashRing EMPTY = new HashRing(new long[0], new Target[0]);

    private final long[] points;
    private final Target[] owners;

    private HashRing(final long[] points, final Target[] owners)
    {
        this.points = points;
        this.owners = owners;
    }

    /**
     * @param targets the providers.
     * @return their ring.
     */
    static HashRing of(final Target[] targets)
    {
        final int size = targets.length * VIRTUAL_NODES;
        final long[] unsorted = new long[size];
        final long[] sorted = new long[size];
        for (int t = 0; t < targets.length; t++)
        {
            final long base = Hashes.of(targets[t].record().instanceId());
            for (int v = 0; v < VIRTUAL_NODES; v++)
            {
                unsorted[t * VIRTUAL_NODES + v] = Hashes.mix(base + v * 0x9E3779B97F4A7C15L);
            }
        }
        System.arraycopy(unsorted, 0, sorted, 0, size);
        Arrays.sort(sorted);
        final Target[] owners = new Target[size];
        for (int i = 0; i < size; i++)
        {
            final int at = Arrays.binarySearch(sorted, unsorted[i]);
            owners[at] = targets[i / VIRTUAL_NODES]; // equal points (astronomically rare): one owner wins
        }
        return new HashRing(sorted, owners);
    }

    /**
     * @param keyHash the key's 64-bit hash.
     * @param nowNs   {@link System#nanoTime()}.
     * @param exclude a provider not to return, or {@code null}.
     * @return the key's owner, or when it is unavailable the next available owner clockwise; {@code null}
     * when none is available.
     */
    Target owner(final long keyHash, final long nowNs, final Target exclude)
    {
        final int size = points.length;
        if (0 == size)
        {
            return null;
        }
        int at = Arrays.binarySearch(points, keyHash);
        if (at < 0)
        {
            at = -at - 1; // the insertion point: the first point after the key
        }
        for (int i = 0; i < size; i++)
        {
            final Target candidate = owners[(at + i) % size];
            if (null != candidate && candidate != exclude && candidate.isAvailable(nowNs))
            {
                return candidate;
            }
        }
        return null;
    }
}
