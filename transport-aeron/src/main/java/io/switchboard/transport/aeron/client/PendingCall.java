package io.switchboard.transport.aeron.client;

import io.switchboard.transport.aeron.CallStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable slot of {@link PendingCalls} for one call at a time awaiting its reply. Armed with a
 * correlation id by the caller that took it; completed once by whichever {@link #claim claims} that id
 * first (reply, connection loss, deadline), so a reply after that, or one for an earlier use of the slot,
 * finds nothing and is dropped.
 * <p>
 * A synchronous caller's reply is copied into this slot's own buffer and handed over by swapping buffers
 * with the caller's {@link Reply}: nothing is allocated per call once the buffers fit the replies. An
 * asynchronous call's listener sees this slot's own {@link Reply} view of that buffer during its callback; the
 * slot is released only after the listener returned.
 */
final class PendingCall
{
    private static final VarHandle ARMED_ID;
    private static final byte[] EMPTY = new byte[0];
    // A slot keeps at most this much buffer from a caller; a rare huge reply does not pin memory in every slot.
    private static final int RETAINED_BUFFER = 1024 * 1024;

    static
    {
        try
        {
            ARMED_ID = MethodHandles.lookup().findVarHandle(PendingCall.class, "armedId", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Position in the table, or -1 for an overflow entry used once. */
    final int index;
    private long uses; // owner only
    private volatile long armedId; // the correlation id while awaiting its outcome, 0 otherwise
    private volatile boolean done;
    private volatile boolean parked;
    // Written by the owner before armedId is published; read by the claimer after claiming.
    long correlationId;
    long deadlineNs;
    private Thread waiter;
    private ReplyListener listener;
    // The outcome: written by the claimer before done is set; read by the owner after.
    private CallStatus status;
    private int flags;
    private byte[] bytes = EMPTY;
    private int length;
    private Response local;
    private Reply view; // an asynchronous call's listener sees this (claimer only), made on first use

    PendingCall(final int index)
    {
        this.index = index;
    }

    /**
     * @return the next use's number, from 1 (owner only).
     */
    long nextUse()
    {
        return ++uses;
    }

    /**
     * Publishes {@code id} as awaited (owner only, after taking the slot).
     */
    void arm(final long id, final long deadlineNs, final Thread waiter, final ReplyListener listener)
    {
        this.correlationId = id;
        this.deadlineNs = deadlineNs;
        this.waiter = waiter;
        this.listener = listener;
        this.local = null;
        this.done = false;
        this.armedId = id;
    }

    /** @return the armed correlation id, 0 when not awaiting. */
    long armedId()
    {
        return armedId;
    }

    /**
     * @return true when this thread now owns completing the call with correlation id {@code id}.
     */
    boolean claim(final long id)
    {
        return 0 != id && ARMED_ID.compareAndSet(this, id, 0L);
    }

    boolean isAsync()
    {
        return null != listener;
    }

    /**
     * @return an array of at least {@code length} bytes for the reply payload (the claimer only): the slot's own.
     */
    byte[] replyBuffer(final int length)
    {
        if (bytes.length < length)
        {
            bytes = new byte[Math.max(length, (int)Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length))];
        }
        return bytes;
    }

    /**
     * Completes with the wire reply whose payload the claimer copied into {@link #replyBuffer}.
     *
     * @return the listener's exception, if any.
     */
    Throwable completeReply(final CallStatus status, final int flags, final byte[] payload, final int length)
    {
        if (null != listener)
        {
            final Throwable thrown = notify(view().wrap(status, flags, payload, length));
            if (bytes.length > RETAINED_BUFFER)
            {
                bytes = EMPTY; // a rare huge reply does not pin memory in the slot
                view.wrap(status, flags, EMPTY, 0);
            }
            return thrown;
        }
        this.status = status;
        this.flags = flags;
        this.length = length;
        signal();
        return null;
    }

    /**
     * Completes with an outcome decided locally (the claimer only).
     *
     * @return the listener's exception, if any.
     */
    Throwable complete(final Response response)
    {
        if (null != listener)
        {
            final Reply reply = view();
            reply.set(response);
            return notify(reply);
        }
        this.local = response;
        signal();
        return null;
    }

    private Reply view()
    {
        if (null == view)
        {
            view = new Reply();
        }
        return view;
    }

    private Throwable notify(final Reply reply)
    {
        try
        {
            listener.onReply(correlationId, reply);
            return null;
        }
        catch (final Throwable t)
        {
            return t;
        }
    }

    private void signal()
    {
        final Thread w = waiter;
        done = true;
        if (parked)
        {
            LockSupport.unpark(w);
        }
    }

    /** @return true once a synchronous call's outcome is in (owner only). */
    boolean isDone()
    {
        return done;
    }

    /**
     * Parks the owner until the outcome is in, {@code nanos} pass, or a spurious wake-up.
     */
    void park(final Object blocker, final long nanos)
    {
        parked = true;
        if (!done)
        {
            LockSupport.parkNanos(blocker, nanos);
        }
        parked = false;
    }

    /**
     * Hands the outcome to {@code reply} (owner only, once {@link #isDone()}), taking the reply's previous
     * buffer in exchange.
     */
    void handOver(final Reply reply)
    {
        if (null != local)
        {
            reply.set(local);
            local = null;
        }
        else
        {
            final byte[] previous = reply.swap(status, flags, bytes, length);
            bytes = previous.length > RETAINED_BUFFER ? EMPTY : previous;
        }
        waiter = null;
    }
}
