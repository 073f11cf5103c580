package io.switchboard.transport.aeron.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import io.switchboard.transport.aeron.codec.sbe.ResponseDecoder;
import io.switchboard.transport.aeron.codec.sbe.Status;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class EnvelopeTest
{
    private final EnvelopeEncoder encoder = new EnvelopeEncoder();

    private int encodeRequest()
    {
        final byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        return encoder.encodeRequest(11, 22, 33, 44, 0b101, 55, "tp", "ts", "tenant=acme", new UnsafeBuffer(payload),
            0, payload.length);
    }

    @Test
    void requestRoundTrips()
    {
        final int length = encodeRequest();
        assertThat(Envelope.check(encoder.buffer(), 0, length)).isEqualTo(RequestDecoder.TEMPLATE_ID);
        final RequestDecoder decoder = new RequestDecoder().wrapAndApplyHeader(encoder.buffer(), 0, new MessageHeaderDecoder());
        assertThat(decoder.correlationId()).isEqualTo(11);
        assertThat(decoder.clientId()).isEqualTo(22);
        assertThat(decoder.serviceId()).isEqualTo(33);
        assertThat(decoder.flags().idempotent()).isTrue();
        assertThat(decoder.flags().resend()).isFalse();
        assertThat(decoder.flags().sampled()).isTrue();
        assertThat(decoder.methodId()).isEqualTo(44);
        assertThat(decoder.timeoutNs()).isEqualTo(55);
        assertThat(decoder.traceparent()).isEqualTo("tp");
        assertThat(decoder.tracestate()).isEqualTo("ts");
        final byte[] payload = new byte[decoder.payloadLength()];
        decoder.getPayload(payload, 0, payload.length);
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("payload");
        assertThat(decoder.baggage()).isEqualTo("tenant=acme");
        assertThat(Envelope.requestCorrelationId(encoder.buffer(), 0)).isEqualTo(11);
        assertThat(Envelope.requestClientId(encoder.buffer(), 0)).isEqualTo(22);
    }

    @Test
    void responseRoundTrips()
    {
        final int length = encoder.encodeResponse(9, Status.DEADLINE_EXCEEDED, 1, new UnsafeBuffer(new byte[] {1, 2}), 0, 2);
        assertThat(Envelope.check(encoder.buffer(), 0, length)).isEqualTo(ResponseDecoder.TEMPLATE_ID);
        final ResponseDecoder decoder = new ResponseDecoder().wrapAndApplyHeader(encoder.buffer(), 0, new MessageHeaderDecoder());
        assertThat(decoder.correlationId()).isEqualTo(9);
        assertThat(decoder.status()).isEqualTo(Status.DEADLINE_EXCEEDED);
        assertThat(decoder.flags().notExecuted()).isTrue();
        assertThat(decoder.payloadLength()).isEqualTo(2);
    }

    @Test
    void aRequestWithoutBaggageIsAVersionOneFrameThatDecodes()
    {
        // What a version-1 sender wrote, and what this one writes when there is no baggage (so old providers read it).
        final int withBaggage = encodeRequest();
        final byte[] payloadBytes = "payload".getBytes(StandardCharsets.UTF_8);
        final int length = encoder.encodeRequest(11, 22, 33, 44, 0b101, 55, "tp", "ts", "", new UnsafeBuffer(payloadBytes),
            0, payloadBytes.length);
        assertThat(length).isEqualTo(withBaggage - 2 - "tenant=acme".length());
        final MutableDirectBuffer buffer = encoder.buffer();
        assertThat(buffer.getShort(6, ByteOrder.LITTLE_ENDIAN)).isEqualTo((short)1);
        assertThat(Envelope.check(buffer, 0, length)).isEqualTo(RequestDecoder.TEMPLATE_ID);
        final RequestDecoder decoder = new RequestDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        assertThat(decoder.traceparent()).isEqualTo("tp");
        assertThat(decoder.tracestate()).isEqualTo("ts");
        assertThat(decoder.payloadLength()).isEqualTo("payload".length());
        decoder.skipPayload();
        assertThat(decoder.baggageLength()).isZero();
        assertThat(decoder.baggage()).isEmpty();
        buffer.putShort(6, (short)2, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(buffer, 0, length)).as("a version-2 frame must hold its baggage field")
            .isEqualTo(Envelope.MALFORMED);
    }

    @Test
    void rejectsTruncatedFrames()
    {
        final int length = encodeRequest();
        assertThat(Envelope.check(encoder.buffer(), 0, 7)).isEqualTo(Envelope.TRUNCATED);
        for (int cut = 8; cut < length; cut++)
        {
            assertThat(Envelope.check(encoder.buffer(), 0, cut)).as("cut at %d", cut).isEqualTo(Envelope.MALFORMED);
        }
    }

    @Test
    void rejectsUnknownSchemaAndVersionWithAClearMessage()
    {
        final int length = encodeRequest();
        final MutableDirectBuffer buffer = encoder.buffer();
        buffer.putShort(6, (short)(Envelope.SCHEMA_VERSION + 1), ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(buffer, 0, length)).isEqualTo(Envelope.UNSUPPORTED_VERSION);
        assertThat(Envelope.describe(Envelope.UNSUPPORTED_VERSION, buffer, 0, length))
            .contains("unsupported envelope version " + (Envelope.SCHEMA_VERSION + 1), "speaks versions 1 to " + Envelope.SCHEMA_VERSION);
        assertThat(Envelope.hasRequestIds(buffer, 0, length)).isTrue();
        buffer.putShort(4, (short)999, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(buffer, 0, length)).isEqualTo(Envelope.UNKNOWN_SCHEMA);
        assertThat(Envelope.describe(Envelope.UNKNOWN_SCHEMA, buffer, 0, length)).contains("unknown schema id 999");
    }

    @Test
    void rejectsUnknownTemplateAndShortBlock()
    {
        final int length = encodeRequest();
        final MutableDirectBuffer buffer = encoder.buffer();
        buffer.putShort(2, (short)77, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(buffer, 0, length)).isEqualTo(Envelope.UNKNOWN_TEMPLATE);
        encodeRequest();
        buffer.putShort(0, (short)4, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(buffer, 0, length)).isEqualTo(Envelope.MALFORMED);
    }

    @Test
    void rejectsVarLengthRunningPastTheFrame()
    {
        final int length = encodeRequest();
        final int payloadLengthAt = length - 2 - "tenant=acme".length() - "payload".length() - 4;
        encoder.buffer().putInt(payloadLengthAt, Integer.MAX_VALUE, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(encoder.buffer(), 0, length)).isEqualTo(Envelope.MALFORMED);
        encoder.buffer().putInt(payloadLengthAt, -1, ByteOrder.LITTLE_ENDIAN);
        assertThat(Envelope.check(encoder.buffer(), 0, length)).isEqualTo(Envelope.MALFORMED);
    }

    @Test
    void garbageNeverThrows()
    {
        final java.util.Random random = new java.util.Random(42);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] bytes = new byte[256];
            random.nextBytes(bytes);
            if (i % 2 == 0)
            {
                bytes[4] = (byte)(Envelope.SCHEMA_ID & 0xFF);
                bytes[5] = (byte)(Envelope.SCHEMA_ID >> 8);
                bytes[6] = 1;
                bytes[7] = 0;
            }
            buffer.putBytes(0, bytes);
            Envelope.check(buffer, 0, random.nextInt(257));
        }
    }
}
