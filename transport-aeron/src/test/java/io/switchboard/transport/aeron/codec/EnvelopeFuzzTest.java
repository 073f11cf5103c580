package io.switchboard.transport.aeron.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.codec.sbe.ChunkDecoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectedDecoder;
import io.switchboard.transport.aeron.codec.sbe.DisconnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import io.switchboard.transport.aeron.codec.sbe.ResponseDecoder;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzzes {@link Envelope#check}: whatever the bytes, it answers a template id or a rejection code and
 * never throws; and a frame it passes can be decoded whole (every field and variable-length field)
 * without reading a byte past the frame. The frame sits in a buffer of exactly its length, so such a
 * read would throw (Agrona's bounds checks) instead of silently reading the next frame in the term.
 * Tries: {@code jqwik.tries.default} (2500 per build; {@code -Pfuzz} for a long run).
 */
class EnvelopeFuzzTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Provide
    Arbitrary<byte[]> frames()
    {
        return FuzzFrames.frames(42);
    }

    @Property
    void aCheckedFrameDecodesWholeWithinItsBytesAndAnyOtherIsRejectedWithACode(@ForAll("frames") final byte[] frame)
    {
        final UnsafeBuffer exact = new UnsafeBuffer(frame);
        final int result = Envelope.check(exact, 0, frame.length);
        net.jqwik.api.statistics.Statistics.collect(result < 0 ? "rejected " + result : "passed " + result);

        if (result < 0)
        {
            assertThat(result).isBetween(Envelope.MALFORMED, Envelope.TRUNCATED);
            assertThat(Envelope.describe(result, exact, 0, frame.length)).isNotBlank();
            return;
        }
        assertThat(decodedLength(result, exact)).isLessThanOrEqualTo(frame.length);
    }

    private int decodedLength(final int templateId, final UnsafeBuffer frame)
    {
        return switch (templateId)
        {
            case RequestDecoder.TEMPLATE_ID ->
            {
                final RequestDecoder d = new RequestDecoder().wrapAndApplyHeader(frame, 0, header);
                d.toString(); // every field, strings included
                yield Envelope.HEADER_LENGTH + d.sbeRewind().sbeDecodedLength();
            }
            case ChunkDecoder.TEMPLATE_ID ->
            {
                final ChunkDecoder d = new ChunkDecoder().wrapAndApplyHeader(frame, 0, header);
                d.toString();
                yield Envelope.HEADER_LENGTH + d.sbeRewind().sbeDecodedLength();
            }
            case ConnectDecoder.TEMPLATE_ID ->
            {
                final ConnectDecoder d = new ConnectDecoder().wrapAndApplyHeader(frame, 0, header);
                d.toString();
                yield Envelope.HEADER_LENGTH + d.sbeRewind().sbeDecodedLength();
            }
            case ResponseDecoder.TEMPLATE_ID ->
            {
                // not toString: an unknown status value is the reader's to map (CallStatus.fromWire), not a bounds error
                final ResponseDecoder d = new ResponseDecoder().wrapAndApplyHeader(frame, 0, header);
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                yield Envelope.HEADER_LENGTH + d.sbeRewind().sbeDecodedLength();
            }
            case ConnectedDecoder.TEMPLATE_ID ->
                Envelope.HEADER_LENGTH + new ConnectedDecoder().wrapAndApplyHeader(frame, 0, header).sbeDecodedLength();
            case DisconnectDecoder.TEMPLATE_ID ->
                Envelope.HEADER_LENGTH + new DisconnectDecoder().wrapAndApplyHeader(frame, 0, header).sbeDecodedLength();
            default -> throw new AssertionError("check() passed an unknown template " + templateId);
        };
    }
}
