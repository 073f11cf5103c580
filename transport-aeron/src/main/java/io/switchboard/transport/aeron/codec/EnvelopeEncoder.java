package io.switchboard.transport.aeron.codec;

import io.switchboard.transport.aeron.codec.sbe.ChunkEncoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectEncoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectedEncoder;
import io.switchboard.transport.aeron.codec.sbe.DisconnectEncoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderEncoder;
import io.switchboard.transport.aeron.codec.sbe.RequestEncoder;
import io.switchboard.transport.aeron.codec.sbe.ResponseEncoder;
import io.switchboard.transport.aeron.codec.sbe.Status;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes envelope messages into its own growable buffer ({@link #buffer()}, from offset 0). One
 * instance per thread (see {@link #current()}); not thread-safe.
 * <p>
 * Hot path: no allocation once the buffer has grown to the largest message (trace strings excepted).
 */
public final class EnvelopeEncoder
{
    private static final ThreadLocal<EnvelopeEncoder> PER_THREAD = ThreadLocal.withInitial(EnvelopeEncoder::new);

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer chunkBuffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectEncoder connect = new ConnectEncoder();
    private final ConnectedEncoder connected = new ConnectedEncoder();
    private final RequestEncoder request = new RequestEncoder();
    private final ResponseEncoder response = new ResponseEncoder();
    private final ChunkEncoder chunk = new ChunkEncoder();
    private final DisconnectEncoder disconnect = new DisconnectEncoder();

    /**
     * @return this thread's encoder.
     */
    public static EnvelopeEncoder current()
    {
        return PER_THREAD.get();
    }

    /**
     * @return the buffer the last {@code encode*} call (except {@link #encodeChunk}) wrote to, from offset 0.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the buffer {@link #encodeChunk} writes to, from offset 0.
     */
    public MutableDirectBuffer chunkBuffer()
    {
        return chunkBuffer;
    }

    /**
     * Encodes a Connect; without {@code auth} it is written as schema version 2, which servers of every
     * version read.
     *
     * @param auth the client's handshake bytes, or null without a shared secret.
     * @return encoded length.
     */
    public int encodeConnect(final long clientId, final String replyChannel, final int replyStreamId, final byte[] auth)
    {
        connect.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .replyStreamId(replyStreamId)
            .protocolVersion(Envelope.PROTOCOL_VERSION)
            .replyChannel(replyChannel);
        if (null == auth)
        {
            header.version(Envelope.AUTH_SCHEMA_VERSION - 1);
        }
        else
        {
            connect.putAuth(auth, 0, auth.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength();
    }

    /**
     * Encodes a Connected; without {@code auth} it is written as schema version 2.
     *
     * @param auth the server's handshake bytes, or null without a shared secret.
     * @return encoded length.
     */
    public int encodeConnected(final long clientId, final int maxMessageBytes, final byte[] auth)
    {
        connected.wrapAndApplyHeader(buffer, 0, header)
            .clientId(clientId)
            .protocolVersion(Envelope.PROTOCOL_VERSION)
            .maxMessageBytes(maxMessageBytes);
        if (null == auth)
        {
            header.version(Envelope.AUTH_SCHEMA_VERSION - 1);
        }
        else
        {
            connected.putAuth(auth, 0, auth.length);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + connected.encodedLength();
    }

    /** @return encoded length. */
    public int encodeDisconnect(final long clientId)
    {
        disconnect.wrapAndApplyHeader(buffer, 0, header).clientId(clientId);
        return MessageHeaderEncoder.ENCODED_LENGTH + disconnect.encodedLength();
    }

    /**
     * Encodes a Request; {@code traceparent}, {@code tracestate} and {@code baggage} are the W3C header
     * values (null or "" for none; baggage is at most 8192 UTF-8 bytes, W3C's limit). A request without
     * baggage is written as schema version 1, so older providers still accept it.
     *
     * @return encoded length.
     */
    public int encodeRequest(
        final long correlationId,
        final long clientId,
        final int serviceId,
        final long methodId,
        final int flags,
        final long timeoutNs,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final String baggageValue = null == baggage ? "" : baggage;
        buffer.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + RequestEncoder.BLOCK_LENGTH + 10 + 2048 + payloadLength +
            3 * baggageValue.length());
        request.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .clientId(clientId)
            .serviceId(serviceId);
        buffer.putShort(request.offset() + RequestEncoder.flagsEncodingOffset(), (short)flags,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        request.methodId(methodId)
            .timeoutNs(timeoutNs)
            .traceparent(null == traceparent ? "" : traceparent)
            .tracestate(null == tracestate ? "" : tracestate);
        if (null == payload)
        {
            request.putPayload(buffer, 0, 0);
        }
        else
        {
            request.putPayload(payload, payloadOffset, payloadLength);
        }
        if (baggageValue.isEmpty())
        {
            // Without baggage the frame is exactly a version-1 request, which providers of every version read.
            header.version(Envelope.MIN_SCHEMA_VERSION);
        }
        else
        {
            request.baggage(baggageValue);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + request.encodedLength();
    }

    /**
     * @return encoded length.
     */
    public int encodeResponse(
        final long correlationId,
        final Status status,
        final int flags,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        buffer.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + ResponseEncoder.BLOCK_LENGTH + 4 + payloadLength);
        response.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .status(status);
        buffer.putShort(response.offset() + ResponseEncoder.flagsEncodingOffset(), (short)flags,
            java.nio.ByteOrder.LITTLE_ENDIAN);
        if (null == payload)
        {
            response.putPayload(buffer, 0, 0);
        }
        else
        {
            response.putPayload(payload, payloadOffset, payloadLength);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength();
    }

    /**
     * Encodes one chunk of an already encoded message into {@link #chunkBuffer()}.
     *
     * @return encoded length.
     */
    public int encodeChunk(
        final long clientId,
        final long correlationId,
        final long messageId,
        final int totalLength,
        final int chunkOffset,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        chunkBuffer.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + ChunkEncoder.BLOCK_LENGTH + 4 + length);
        chunk.wrapAndApplyHeader(chunkBuffer, 0, header)
            .clientId(clientId)
            .correlationId(correlationId)
            .messageId(messageId)
            .totalLength(totalLength)
            .chunkOffset(chunkOffset)
            .putData(src, srcOffset, length);
        return MessageHeaderEncoder.ENCODED_LENGTH + chunk.encodedLength();
    }

    /**
     * @return bytes a chunk adds around its data.
     */
    public static int chunkOverhead()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + ChunkEncoder.BLOCK_LENGTH + 4;
    }
}
