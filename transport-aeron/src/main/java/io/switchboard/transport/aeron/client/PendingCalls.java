package io.switchboard.transport.aeron.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * The calls of one session awaiting their outcome, keyed by correlation id without boxing: a fixed set of
 * reusable {@link PendingCall} slots, each correlation id naming its slot (low bits) and that slot's use
 * (high bits), so finding a reply's call is an array index and a compare-and-set, and a late reply for a
 * slot used again since is told apart and dropped. When every slot is busy (many asynchronous calls in
 * flight) a call takes a one-off entry in an overflow map (ids with {@link #OVERFLOW_BIT}), as before.
 * <p>
 * Thread-safe and lock-free: callers take and release slots, whoever polls replies claims them.
 */
final class PendingCalls
{
    /** Set in the correlation ids of overflow entries. */
    static final long OVERFLOW_BIT = 1L << 62;
    private final int indexBits;
    private final int indexMask;
    private final long useMask;
    private final PendingCall[] slots;
    private final ManyToManyConcurrentArrayQueue<PendingCall> free;
    private final ConcurrentHashMap<Long, PendingCall> overflow = new ConcurrentHashMap<>();
    private final AtomicLong overflowIds = new AtomicLong();

    /**
     * @param capacity slots, rounded up to a power of two (at least 2).
     */
    PendingCalls(final int capacity)
    {
        final int size = Math.max(2, Integer.highestOneBit(Math.max(2, capacity) - 1) << 1);
        this.indexBits = Integer.numberOfTrailingZeros(size);
        this.indexMask = size - 1;
        this.useMask = (OVERFLOW_BIT - 1) >>> indexBits;
        this.slots = new PendingCall[size];
        this.free = new ManyToManyConcurrentArrayQueue<>(size);
        for (int i = 0; i < size; i++)
        {
            slots[i] = new PendingCall(i);
            free.offer(slots[i]);
        }
    }

    /** @return the number of slots. */
    int capacity()
    {
        return slots.length;
    }

    /**
     * Takes a free slot (or an overflow entry) and arms it.
     *
     * @return the call, armed: its {@link PendingCall#correlationId} is the id to send.
     */
    PendingCall arm(final long deadlineNs, final Thread waiter, final ReplyListener listener)
    {
        final PendingCall slot = free.poll();
        if (null != slot)
        {
            long use = slot.nextUse() & useMask;
            if (0 == use)
            {
                use = slot.nextUse() & useMask; // ids are never 0
            }
            slot.arm((use << indexBits) | slot.index, deadlineNs, waiter, listener);
            return slot;
        }
        final PendingCall entry = new PendingCall(-1);
        final long id = OVERFLOW_BIT | overflowIds.incrementAndGet();
        entry.arm(id, deadlineNs, waiter, listener);
        overflow.put(id, entry);
        return entry;
    }

    /**
     * @param correlationId an id from a reply.
     * @return the call now owned by this thread for completing, or null when that id is not awaited (late,
     * already completed, or never sent).
     */
    PendingCall claim(final long correlationId)
    {
        final PendingCall call = (correlationId & OVERFLOW_BIT) != 0 ?
            overflow.get(correlationId) : slots[(int)(correlationId & indexMask)];
        return null != call && claim(call, correlationId) ? call : null;
    }

    /**
     * @return true when this thread now owns completing {@code call} under {@code correlationId}.
     */
    boolean claim(final PendingCall call, final long correlationId)
    {
        if (!call.claim(correlationId))
        {
            return false;
        }
        if (call.index < 0)
        {
            overflow.remove(correlationId);
        }
        return true;
    }

    /**
     * Gives a completed call's slot back once its outcome was taken.
     */
    void release(final PendingCall call)
    {
        if (call.index >= 0)
        {
            free.offer(call);
        }
    }

    /**
     * @param i slot index, below {@link #capacity()}.
     * @return that slot (armed or not).
     */
    PendingCall slot(final int i)
    {
        return slots[i];
    }

    /** @return the overflow entries, to visit them on expiry or loss (empty almost always). */
    Iterable<PendingCall> overflow()
    {
        return overflow.values();
    }

    /** @return true when some overflow entry is awaited. */
    boolean hasOverflow()
    {
        return !overflow.isEmpty();
    }

    /** @return calls awaiting their outcome. */
    int size()
    {
        int n = overflow.size();
        for (final PendingCall slot : slots)
        {
            if (0 != slot.armedId())
            {
                n++;
            }
        }
        return n;
    }
}
