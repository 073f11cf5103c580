package io.switchboard.transport.aeron.client;

import io.switchboard.transport.aeron.CallStatus;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outcome of a synchronous call, filled in by
 * {@link ClientSession#callInto(int, long, int, String, String, String, DirectBuffer, int, int, long, Reply)}
 * and reused for the next call: read it before the owning thread's next call. Owned by one thread at a time
 * (typically one per calling thread); its payload buffer is traded with the session's pending-call slot, so a
 * call allocates nothing once the buffers fit the replies. An asynchronous call's {@link ReplyListener} sees a
 * slot's own Reply, valid during its callback only. {@link #toResponse()} makes an immutable copy.
 */
public final class Reply
{
    private static final byte[] EMPTY = new byte[0];
    private final UnsafeBuffer view = new UnsafeBuffer(EMPTY);
    private CallStatus status = CallStatus.NOT_DELIVERED;
    private int flags;
    private byte[] bytes = EMPTY;
    private int length;
    private Response local;

    /** @return the outcome. */
    public CallStatus status()
    {
        return null != local ? local.status() : status;
    }

    /** @return true when the status is {@link CallStatus#OK}. */
    public boolean isOk()
    {
        return status() == CallStatus.OK;
    }

    /** @return response flag bits ({@link Response#FLAG_NOT_EXECUTED}, {@link Response#FLAG_REPLY_DROPPED}). */
    public int flags()
    {
        return null != local ? local.flags() : flags;
    }

    /** @return true when the call may have run at the provider; false when it is safe to send elsewhere. */
    public boolean mayHaveRun()
    {
        return Response.mayHaveRun(status(), flags());
    }

    /** @return the payload (result, serialized exception or message), valid until the next call into this. */
    public DirectBuffer payload()
    {
        if (null != local)
        {
            view.wrap(local.payloadBytes());
        }
        else
        {
            view.wrap(bytes, 0, length);
        }
        return view;
    }

    /** @return payload length. */
    public int payloadLength()
    {
        return null != local ? local.payloadLength() : length;
    }

    /**
     * @return for transport and local errors (neither OK nor APPLICATION_ERROR), the message saying what
     * happened; otherwise null.
     */
    public String errorMessage()
    {
        return toResponse().errorMessage();
    }

    /** @return an immutable copy of this outcome. */
    public Response toResponse()
    {
        return null != local ? local : new Response(status, flags, Arrays.copyOf(bytes, length));
    }

    void set(final Response response)
    {
        local = response;
    }

    /**
     * Shows a wire reply in place (an asynchronous call's view of its slot's buffer, which it does not own).
     *
     * @return this.
     */
    Reply wrap(final CallStatus status, final int flags, final byte[] payload, final int length)
    {
        this.local = null;
        this.status = status;
        this.flags = flags;
        this.bytes = payload;
        this.length = length;
        return this;
    }

    /**
     * Takes a wire reply's payload array and gives back the previous one for the slot to reuse.
     */
    byte[] swap(final CallStatus status, final int flags, final byte[] payload, final int length)
    {
        final byte[] previous = bytes;
        this.local = null;
        this.status = status;
        this.flags = flags;
        this.bytes = payload;
        this.length = length;
        return previous;
    }

    /** @return status and size or message. */
    public String toString()
    {
        return toResponse().toString();
    }
}
