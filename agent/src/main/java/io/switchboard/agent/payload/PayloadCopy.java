package io.switchboard.agent.payload;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable copy of one payload, for pooled per-call state that must keep a payload past the buffer it came
 * in (a retried request, a request handed to a worker): grows to the largest payload it held, and lets go of a
 * buffer larger than {@link #RETAINED} when its holder goes back to the pool.
 */
public final class PayloadCopy
{
    /** A pooled copy keeps at most this much buffer between calls. */
    static final int RETAINED = 16 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final UnsafeBuffer view = new UnsafeBuffer(EMPTY);
    private byte[] bytes = EMPTY;

    /**
     * Copies {@code length} bytes of {@code source} from {@code offset} into this copy's own buffer.
     *
     * @param source where the payload is now.
     * @param offset where it starts.
     * @param length its length in bytes.
     */
    public void copyFrom(final DirectBuffer source, final int offset, final int length)
    {
        if (bytes.length < length)
        {
            bytes = new byte[Math.max(length, 2 * bytes.length)];
        }
        source.getBytes(offset, bytes, 0, length);
        view.wrap(bytes, 0, length);
    }

    /**
     * @return the copied payload: exactly its bytes (its capacity is the payload's length), valid until the
     * next {@link #copyFrom} or {@link #trim}.
     */
    public DirectBuffer buffer()
    {
        return view;
    }

    /**
     * @return the copied payload's length in bytes.
     */
    public int length()
    {
        return view.capacity();
    }

    /**
     * Lets go of a buffer larger than {@link #RETAINED}, so a pooled holder does not keep a rare large payload.
     */
    public void trim()
    {
        if (bytes.length > RETAINED)
        {
            bytes = EMPTY;
            view.wrap(EMPTY);
        }
    }
}
