package io.switchboard.transport.aeron.client;

import io.switchboard.transport.aeron.CallStatus;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outcome of one call: a status and the payload (result, serialized exception, or for transport
 * errors a UTF-8 message). Immutable; owns a copy of the payload.
 */
public final class Response
{
    private static final byte[] EMPTY = new byte[0];
    private final CallStatus status;
    private final int flags;
    private final byte[] payload;

    /**
     * @param status  the outcome.
     * @param flags   response flag bits ({@link #FLAG_NOT_EXECUTED}, {@link #FLAG_REPLY_DROPPED}).
     * @param payload the payload bytes (not copied).
     */
    public Response(final CallStatus status, final int flags, final byte[] payload)
    {
        this.status = status;
        this.flags = flags;
        this.payload = null == payload ? EMPTY : payload;
    }

    /** Flag bit: the provider says the call did not run. */
    public static final int FLAG_NOT_EXECUTED = 1;

    /**
     * Flag bit set by the caller itself: the provider answered, but this caller dropped the answer (too large to
     * take, or too many large answers being reassembled at once). The call ran, or may have, whatever the status
     * says, so it is never safe to send elsewhere.
     */
    public static final int FLAG_REPLY_DROPPED = 2;

    /**
     * @return true when the call may have run at the provider; false when it is safe to send elsewhere.
     */
    public boolean mayHaveRun()
    {
        return mayHaveRun(status, flags);
    }

    static boolean mayHaveRun(final CallStatus status, final int flags)
    {
        return (flags & FLAG_REPLY_DROPPED) != 0 || ((flags & FLAG_NOT_EXECUTED) == 0 && status.mayHaveRun());
    }

    static Response local(final CallStatus status, final String message)
    {
        return new Response(status, 0, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the outcome of a call whose answer this caller received but dropped ({@link #FLAG_REPLY_DROPPED}).
     */
    static Response replyDropped(final CallStatus status, final String message)
    {
        return new Response(status, FLAG_REPLY_DROPPED, message.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the outcome. */
    public CallStatus status()
    {
        return status;
    }

    /** @return true when the status is {@link CallStatus#OK}. */
    public boolean isOk()
    {
        return status == CallStatus.OK;
    }

    /** @return flag bits. */
    public int flags()
    {
        return flags;
    }

    /** @return the payload bytes (do not modify). */
    public byte[] payloadBytes()
    {
        return payload;
    }

    /** @return the payload as a buffer view. */
    public DirectBuffer payload()
    {
        return new UnsafeBuffer(payload);
    }

    /** @return payload length. */
    public int payloadLength()
    {
        return payload.length;
    }

    /**
     * @return for transport and local errors (neither OK nor APPLICATION_ERROR), the message saying what
     * happened; otherwise null.
     */
    public String errorMessage()
    {
        return status == CallStatus.OK || status == CallStatus.APPLICATION_ERROR ?
            null : new String(payload, StandardCharsets.UTF_8);
    }

    /** @return status and size or message. */
    public String toString()
    {
        final String message = errorMessage();
        return "Response{" + status + (null != message ? ": " + message : ", " + payload.length + " bytes") + "}";
    }
}
