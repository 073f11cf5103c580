package io.switchboard.transport.aeron.server;

import io.switchboard.transport.aeron.RequestFlags;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A decoded request as seen by a {@link RequestHandler}: a flyweight over the received frame, valid
 * only during {@link RequestHandler#onRequest}. Copy the payload ({@link #payloadBytes()} or
 * {@link #payload()}) before handing the work to another thread.
 */
public final class InboundRequest
{
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
    private long correlationId;
    private long clientId;
    private int serviceId;
    private long methodId;
    private int flags;
    private long timeoutNs;
    private long receivedAtNs;
    private String traceparent;
    private String tracestate;
    private String baggage;
    private String source;

    void wrap(final RequestDecoder decoder, final long nowNs, final String source)
    {
        this.source = source;
        correlationId = decoder.correlationId();
        clientId = decoder.clientId();
        serviceId = decoder.serviceId();
        flags = decoder.buffer().getShort(decoder.offset() + RequestDecoder.flagsEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        methodId = decoder.methodId();
        timeoutNs = decoder.timeoutNs();
        receivedAtNs = nowNs;
        traceparent = decoder.traceparentLength() == 0 ? skip(decoder, true) : decoder.traceparent();
        tracestate = decoder.tracestateLength() == 0 ? skip(decoder, false) : decoder.tracestate();
        decoder.wrapPayload(payload);
        // A version-1 request has no baggage field: the decoder then reports length 0.
        baggage = decoder.baggageLength() == 0 ? "" : decoder.baggage();
    }

    private static String skip(final RequestDecoder decoder, final boolean traceparent)
    {
        if (traceparent)
        {
            decoder.skipTraceparent();
        }
        else
        {
            decoder.skipTracestate();
        }
        return "";
    }

    /** @return the caller's correlation id, to pass to {@link Responder#reply}. */
    public long correlationId()
    {
        return correlationId;
    }

    /** @return the calling client's id. */
    public long clientId()
    {
        return clientId;
    }

    /** @return the service id. */
    public int serviceId()
    {
        return serviceId;
    }

    /** @return the method id. */
    public long methodId()
    {
        return methodId;
    }

    /** @return flag bits, see {@link RequestFlags}. */
    public int flags()
    {
        return flags;
    }

    /** @return true when the caller marked the method idempotent. */
    public boolean isIdempotent()
    {
        return (flags & RequestFlags.IDEMPOTENT) != 0;
    }

    /** @return budget the caller had left when it sent the request, in nanoseconds. */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    /** @return local {@link System#nanoTime()} after which the caller no longer waits (network time not deducted). */
    public long deadlineNs()
    {
        return receivedAtNs + timeoutNs;
    }

    /** @return W3C traceparent, or "" when none. */
    public String traceparent()
    {
        return traceparent;
    }

    /** @return W3C tracestate, or "" when none. */
    public String tracestate()
    {
        return tracestate;
    }

    /** @return W3C baggage, or "" when none (always "" from a version-1 sender). */
    public String baggage()
    {
        return baggage;
    }

    /**
     * @return where the caller's session came from, for logs: {@code ip:port} over UDP, or
     * {@code aeron:ipc session <id>} over IPC (the session is shared by the clients of one driver).
     */
    public String source()
    {
        return source;
    }

    /** @return the payload, a view valid only during the handler call. */
    public DirectBuffer payload()
    {
        return payload;
    }

    /** @return payload length. */
    public int payloadLength()
    {
        return payload.capacity();
    }

    /** @return a copy of the payload. */
    public byte[] payloadBytes()
    {
        final byte[] bytes = new byte[payload.capacity()];
        payload.getBytes(0, bytes);
        return bytes;
    }

    /** @return a short description for logs. */
    public String toString()
    {
        return "InboundRequest{correlationId=" + correlationId + ", clientId=" + clientId + ", serviceId=" +
            serviceId + ", methodId=" + methodId + ", flags=" + flags + ", timeoutNs=" + timeoutNs +
            ", payloadLength=" + payloadLength() + "}";
    }
}
