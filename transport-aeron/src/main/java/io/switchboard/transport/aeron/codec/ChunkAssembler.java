package io.switchboard.transport.aeron.codec;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reassembles messages split into {@code Chunk}s, keyed by sender (client id) and message id.
 * Bounded: at most {@code maxAssemblies} at once, each at most {@code maxMessageBytes} as declared by
 * its first chunk (a larger one is refused before anything is buffered, and its later chunks are
 * dropped), and assemblies that stop progressing are discarded by {@link #expire}.
 * Used by one thread (the polling thread).
 */
public final class ChunkAssembler
{
    /** The chunk was stored; more are expected. */
    public static final int IN_PROGRESS = 0;
    /** The message is whole: read {@link #completedBuffer()} and {@link #completedLength()} now. */
    public static final int COMPLETE = 1;
    /** The first chunk declared a total above the limit; nothing buffered. */
    public static final int TOO_LARGE = 2;
    /** No assembly expected this chunk (rest of a refused message, out of order, or inconsistent). */
    public static final int DROPPED = 3;
    /** Too many messages are being assembled; this one was refused. */
    public static final int FULL = 4;

    private final int maxMessageBytes;
    private final long staleAfterNs;
    private final Assembly[] assemblies;
    private final UnsafeBuffer completed = new UnsafeBuffer(new byte[0]);
    private int completedLength;

    /**
     * @param maxMessageBytes largest reassembled message accepted (an encoded envelope, so allow header room).
     * @param maxAssemblies   concurrent assemblies.
     * @param staleAfterNs    an assembly with no chunk for this long is discarded by {@link #expire}.
     */
    public ChunkAssembler(final int maxMessageBytes, final int maxAssemblies, final long staleAfterNs)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.staleAfterNs = staleAfterNs;
        this.assemblies = new Assembly[maxAssemblies];
        for (int i = 0; i < maxAssemblies; i++)
        {
            assemblies[i] = new Assembly();
        }
    }

    /**
     * @return one of the result constants of this class.
     */
    public int onChunk(
        final long senderId,
        final long messageId,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer src,
        final int srcOffset,
        final int length,
        final long nowNs)
    {
        if (chunkOffset == 0)
        {
            if (totalLength > maxMessageBytes)
            {
                return TOO_LARGE;
            }
            if (totalLength <= 0 || length > totalLength)
            {
                return DROPPED;
            }
            final Assembly free = find(senderId, messageId, true);
            if (null == free)
            {
                return FULL;
            }
            free.start(senderId, messageId, totalLength, nowNs);
            return append(free, src, srcOffset, length, nowNs);
        }
        final Assembly assembly = find(senderId, messageId, false);
        if (null == assembly)
        {
            return DROPPED;
        }
        if (chunkOffset != assembly.received || assembly.received + length > assembly.total)
        {
            assembly.clear();
            return DROPPED;
        }
        return append(assembly, src, srcOffset, length, nowNs);
    }

    private int append(final Assembly assembly, final DirectBuffer src, final int srcOffset, final int length, final long nowNs)
    {
        src.getBytes(srcOffset, assembly.buffer, assembly.received, length);
        assembly.received += length;
        assembly.lastNs = nowNs;
        if (assembly.received == assembly.total)
        {
            completed.wrap(assembly.buffer, 0, assembly.total);
            completedLength = assembly.total;
            assembly.clear();
            return COMPLETE;
        }
        return IN_PROGRESS;
    }

    /**
     * @return the whole message after {@link #COMPLETE}; valid until the next call.
     */
    public DirectBuffer completedBuffer()
    {
        return completed;
    }

    /**
     * @return length of the whole message after {@link #COMPLETE}.
     */
    public int completedLength()
    {
        return completedLength;
    }

    /**
     * Discards assemblies idle for longer than the stale timeout.
     *
     * @return how many were discarded.
     */
    public int expire(final long nowNs)
    {
        int expired = 0;
        for (final Assembly a : assemblies)
        {
            if (a.active && nowNs - a.lastNs > staleAfterNs)
            {
                a.clear();
                expired++;
            }
        }
        return expired;
    }

    /**
     * Discards the assemblies of one sender, e.g. when it disconnects.
     */
    public void removeSender(final long senderId)
    {
        for (final Assembly a : assemblies)
        {
            if (a.active && a.senderId == senderId)
            {
                a.clear();
            }
        }
    }

    /**
     * @return assemblies in progress.
     */
    public int activeCount()
    {
        int count = 0;
        for (final Assembly a : assemblies)
        {
            count += a.active ? 1 : 0;
        }
        return count;
    }

    private Assembly find(final long senderId, final long messageId, final boolean orFree)
    {
        Assembly free = null;
        for (final Assembly a : assemblies)
        {
            if (a.active)
            {
                if (a.senderId == senderId && a.messageId == messageId)
                {
                    return a; // a restarted message replaces its old assembly
                }
            }
            else if (null == free)
            {
                free = a;
            }
        }
        return orFree ? free : null;
    }

    private static final class Assembly
    {
        boolean active;
        long senderId;
        long messageId;
        int total;
        int received;
        long lastNs;
        byte[] buffer;

        void start(final long senderId, final long messageId, final int total, final long nowNs)
        {
            this.active = true;
            this.senderId = senderId;
            this.messageId = messageId;
            this.total = total;
            this.received = 0;
            this.lastNs = nowNs;
            // Fresh array: the completed message is handed out and may be read after the slot is reused.
            this.buffer = new byte[total];
        }

        void clear()
        {
            active = false;
            buffer = null;
        }
    }
}
