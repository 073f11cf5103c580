package io.switchboard.transport.aeron.codec;

import io.switchboard.transport.aeron.codec.sbe.ChunkDecoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectedDecoder;
import io.switchboard.transport.aeron.codec.sbe.DisconnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import io.switchboard.transport.aeron.codec.sbe.ResponseDecoder;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Checks a received frame before any SBE decoder touches it: header present, Switchboard's schema id
 * and version, a known template, a block no shorter than this version's, and every variable-length
 * field inside the frame. Decoders may read a checked frame without running past it (the term buffer
 * around a fragment holds other frames, so an unchecked length would read them silently).
 * <p>
 * Hot path: no allocation.
 */
public final class Envelope
{
    /** SBE schema id of the envelope. */
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    /** SBE schema version this build writes (2 added the Request's baggage, 3 the handshake of Connect/Connected). */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;
    /** The oldest schema version this build still reads: a version-1 Request decodes with no baggage. */
    public static final int MIN_SCHEMA_VERSION = 1;
    /** Session protocol version carried in Connect/Connected. */
    public static final int PROTOCOL_VERSION = 1;
    /** The schema version that added the handshake fields; Connect/Connected without them are written older. */
    public static final int AUTH_SCHEMA_VERSION = 3;
    /** Length of the SBE message header. */
    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    /** Frame shorter than a message header. */
    public static final int TRUNCATED = -1;
    /** Schema id is not {@link #SCHEMA_ID}. */
    public static final int UNKNOWN_SCHEMA = -2;
    /** Schema version is not between {@link #MIN_SCHEMA_VERSION} and {@link #SCHEMA_VERSION}. */
    public static final int UNSUPPORTED_VERSION = -3;
    /** Template id unknown. */
    public static final int UNKNOWN_TEMPLATE = -4;
    /** Block or variable-length field does not fit the frame. */
    public static final int MALFORMED = -5;

    private static final int[] NO_VAR = {};
    private static final int[] CONNECT_V2_VAR = {2};
    private static final int[] CONNECT_VAR = {2, 2};
    private static final int[] CONNECTED_VAR = {2};
    private static final int[] REQUEST_V1_VAR = {2, 2, 4};
    private static final int[] REQUEST_VAR = {2, 2, 4, 2};
    private static final int[] RESPONSE_VAR = {4};
    private static final int[] CHUNK_VAR = {4};

    private Envelope()
    {
    }

    /**
     * @param buffer frame buffer.
     * @param offset frame start.
     * @param length frame length.
     * @return the template id when the frame is sound, else one of the negative codes of this class.
     */
    public static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return TRUNCATED;
        }
        final int blockLength = buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (schemaId != SCHEMA_ID)
        {
            return UNKNOWN_SCHEMA;
        }
        if (version < MIN_SCHEMA_VERSION || version > SCHEMA_VERSION)
        {
            return UNSUPPORTED_VERSION;
        }
        final int minBlock;
        final int[] varHeaders;
        switch (templateId)
        {
            case ConnectDecoder.TEMPLATE_ID ->
            {
                minBlock = ConnectDecoder.BLOCK_LENGTH;
                varHeaders = version < 3 ? CONNECT_V2_VAR : CONNECT_VAR;
            }
            case ConnectedDecoder.TEMPLATE_ID ->
            {
                minBlock = ConnectedDecoder.BLOCK_LENGTH;
                varHeaders = version < 3 ? NO_VAR : CONNECTED_VAR;
            }
            case RequestDecoder.TEMPLATE_ID ->
            {
                minBlock = RequestDecoder.BLOCK_LENGTH;
                varHeaders = version < 2 ? REQUEST_V1_VAR : REQUEST_VAR;
            }
            case ResponseDecoder.TEMPLATE_ID -> { minBlock = ResponseDecoder.BLOCK_LENGTH; varHeaders = RESPONSE_VAR; }
            case ChunkDecoder.TEMPLATE_ID -> { minBlock = ChunkDecoder.BLOCK_LENGTH; varHeaders = CHUNK_VAR; }
            case DisconnectDecoder.TEMPLATE_ID -> { minBlock = DisconnectDecoder.BLOCK_LENGTH; varHeaders = NO_VAR; }
            default -> { return UNKNOWN_TEMPLATE; }
        }
        final long limit = (long)offset + length;
        long position = (long)offset + HEADER_LENGTH + blockLength;
        if (blockLength < minBlock || position > limit)
        {
            return MALFORMED;
        }
        for (final int headerSize : varHeaders)
        {
            if (position + headerSize > limit)
            {
                return MALFORMED;
            }
            final long fieldLength = headerSize == 2 ?
                buffer.getShort((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF :
                buffer.getInt((int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            position += headerSize + fieldLength;
            if (position > limit)
            {
                return MALFORMED;
            }
        }
        return templateId;
    }

    /**
     * @return the template id in the header of a frame at least {@link #HEADER_LENGTH} long, unchecked.
     */
    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer frame buffer.
     * @param offset frame start.
     * @param length frame length.
     * @return true when the frame is long enough to hold a Request's correlation and client ids at
     * their version-1 offsets, so a BAD_REQUEST reply can be attempted even for a rejected frame.
     */
    public static boolean hasRequestIds(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= HEADER_LENGTH + 16 &&
            (buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) == RequestDecoder.TEMPLATE_ID;
    }

    /**
     * @return the correlation id of a frame for which {@link #hasRequestIds} is true.
     */
    public static long requestCorrelationId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + RequestDecoder.correlationIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the client id of a frame for which {@link #hasRequestIds} is true.
     */
    public static long requestClientId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + RequestDecoder.clientIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param code a negative result of {@link #check}.
     * @param buffer frame buffer.
     * @param offset frame start.
     * @param length frame length.
     * @return a message saying what was wrong, for a BAD_REQUEST reply or a log.
     */
    public static String describe(final int code, final DirectBuffer buffer, final int offset, final int length)
    {
        return switch (code)
        {
            case TRUNCATED -> "truncated frame of " + length + " bytes (an SBE header is " + HEADER_LENGTH + ")";
            case UNKNOWN_SCHEMA -> "unknown schema id " + (buffer.getShort(offset + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) +
                " (Switchboard's envelope is schema " + SCHEMA_ID + ")";
            case UNSUPPORTED_VERSION -> "unsupported envelope version " +
                (buffer.getShort(offset + 6, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) + " of schema " + SCHEMA_ID +
                " (this build speaks versions " + MIN_SCHEMA_VERSION + " to " + SCHEMA_VERSION + "; upgrade the older side)";
            case UNKNOWN_TEMPLATE -> "unknown message template " +
                (buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            case MALFORMED -> "malformed frame: block or field lengths do not fit its " + length + " bytes";
            default -> "rejected frame (code " + code + ")";
        };
    }
}
