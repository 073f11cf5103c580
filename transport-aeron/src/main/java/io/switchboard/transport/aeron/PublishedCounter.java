package io.switchboard.transport.aeron;

import io.aeron.Counter;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

/**
 * A counter other processes read in the media driver's CnC file ({@link AeronTransport#addCounter}),
 * which survives the loss of the Aeron client: the transport moves it to the new driver when it
 * re-attaches, carrying its value over.
 * <p>
 * Why not Aeron's {@link Counter} itself: it writes through the client's mapping of the CnC file,
 * which the client unmaps when it closes (a dead driver closes it), so an increment racing that
 * close would write to unmapped memory and crash the JVM. This one writes through a mapping of its
 * own that is never unmapped explicitly: it stays valid (if unread) while any thread can reach it.
 * <p>
 * Hot path: {@link #increment()} is one atomic add; no allocation, no lock.
 */
public final class PublishedCounter implements AutoCloseable
{
    private final int typeId;
    private final UnsafeBuffer key;
    private final String label;
    private final AeronTransport transport;
    private volatile AtomicCounter current;
    private volatile Counter registration; // what frees the slot in the driver; null while private
    private volatile boolean closed;

    PublishedCounter(final AeronTransport transport, final int typeId, final UnsafeBuffer key, final String label)
    {
        this.transport = transport;
        this.typeId = typeId;
        this.key = key;
        this.label = label;
        this.current = privateCounter(0);
    }

    /**
     * A counter only this process sees, for when there is no driver to publish in.
     *
     * @return a counter starting at zero.
     */
    public static PublishedCounter local()
    {
        return new PublishedCounter(null, 0, new UnsafeBuffer(new byte[0]), "");
    }

    /** Adds one. */
    public void increment()
    {
        current.increment();
    }

    /**
     * @return the value so far.
     */
    public long get()
    {
        return current.get();
    }

    int typeId()
    {
        return typeId;
    }

    UnsafeBuffer key()
    {
        return key;
    }

    String label()
    {
        return label;
    }

    boolean isClosed()
    {
        return closed;
    }

    /**
     * Moves the counter to a slot of a new client's driver.
     *
     * @param registration the Aeron counter allocated there (freed by {@link #close}).
     * @param values       the values buffer of a CnC mapping that is never unmapped explicitly.
     */
    void publish(final Counter registration, final UnsafeBuffer values)
    {
        final AtomicCounter next = new AtomicCounter(values, registration.id());
        next.setRelease(current.get());
        this.registration = registration;
        this.current = next;
    }

    /**
     * The client is gone: count privately until {@link #publish} (the old driver, if alive, may give the
     * slot to someone else).
     */
    void unpublish()
    {
        registration = null;
        current = privateCounter(current.get());
    }

    private static AtomicCounter privateCounter(final long value)
    {
        final AtomicCounter counter = new AtomicCounter(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersReader.COUNTER_LENGTH)), 0);
        counter.setRelease(value);
        return counter;
    }

    /**
     * Frees the slot in the driver (when the client is alive); the value stays readable here.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final Counter published = registration;
        registration = null;
        current = privateCounter(current.get());
        if (null != transport)
        {
            transport.release(this, published);
        }
    }
}
