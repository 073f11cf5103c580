package io.switchboard.transport.aeron.codec;

import io.switchboard.transport.aeron.codec.sbe.Status;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Frames for the fuzz tests: random bytes, random bytes behind a plausible Switchboard header, and
 * valid frames of every template mutated (truncated, bits flipped, lengths and header fields
 * overwritten with extreme values, trailing bytes). Requests and chunks carry a given client id so
 * they get past the session check and reach the deeper code.
 */
public final class FuzzFrames
{
    /** Values written over lengths and header fields: boundaries of every width, and huge declared lengths. */
    private static final int[] EXTREMES = {0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 16 * 1024 * 1024, 16 * 1024 * 1024 + 1};

    private FuzzFrames()
    {
    }

    /**
     * One change to a valid frame.
     *
     * @param kind     0 truncate, 1 flip a bit, 2 overwrite 16 bits, 3 overwrite 32 bits, 4 overwrite a
     *                 header field, 5 append zeros.
     * @param position where (modulo the frame length).
     * @param value    which bit, extreme value or header field.
     */
    public record Mutation(int kind, int position, int value)
    {
        byte[] apply(final byte[] frame)
        {
            if (frame.length == 0)
            {
                return frame;
            }
            final int at = Math.floorMod(position, frame.length);
            final UnsafeBuffer buffer = new UnsafeBuffer(frame);
            switch (kind)
            {
                case 0 ->
                {
                    return Arrays.copyOf(frame, at);
                }
                case 1 -> buffer.putByte(at, (byte)(frame[at] ^ (1 << (value & 7))));
                case 2 ->
                {
                    if (at + 2 <= frame.length)
                    {
                        buffer.putShort(at, (short)extreme(), ByteOrder.LITTLE_ENDIAN);
                    }
                }
                case 3 ->
                {
                    if (at + 4 <= frame.length)
                    {
                        buffer.putInt(at, extreme(), ByteOrder.LITTLE_ENDIAN);
                    }
                }
                case 4 ->
                {
                    if (frame.length >= Envelope.HEADER_LENGTH)
                    {
                        buffer.putShort(2 * Math.floorMod(value, 4), (short)extreme(), ByteOrder.LITTLE_ENDIAN);
                    }
                }
                default ->
                {
                    return Arrays.copyOf(frame, frame.length + (value & 63));
                }
            }
            return frame;
        }

        private int extreme()
        {
            return EXTREMES[Math.floorMod(value, EXTREMES.length)];
        }
    }

    /**
     * @param clientId the client id valid frames carry (a connected client's, to reach the handler).
     * @return frames of every kind, mostly invalid.
     */
    public static Arbitrary<byte[]> frames(final long clientId)
    {
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, randomBytes()),
            net.jqwik.api.Tuple.of(2, behindHeader()),
            net.jqwik.api.Tuple.of(2, valid(clientId)),
            net.jqwik.api.Tuple.of(6, mutated(clientId)));
    }

    /** @return random bytes, 0 to 300 of them. */
    public static Arbitrary<byte[]> randomBytes()
    {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** @return a header with Switchboard's schema id, a version and template near the valid ones, then random bytes. */
    public static Arbitrary<byte[]> behindHeader()
    {
        return Combinators.combine(
            Arbitraries.integers().between(0, 120),
            Arbitraries.integers().between(0, 8),
            Arbitraries.integers().between(0, 3),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
            .as((block, template, version, body) ->
            {
                final byte[] frame = new byte[Envelope.HEADER_LENGTH + body.length];
                final UnsafeBuffer buffer = new UnsafeBuffer(frame);
                buffer.putShort(0, (short)(int)block, ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(2, (short)(int)template, ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(4, (short)Envelope.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(6, (short)(int)version, ByteOrder.LITTLE_ENDIAN);
                buffer.putBytes(Envelope.HEADER_LENGTH, body);
                return frame;
            });
    }

    /** @return a valid frame with 1 to 4 mutations. */
    public static Arbitrary<byte[]> mutated(final long clientId)
    {
        final Arbitrary<Mutation> mutation = Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 1 << 16),
            Arbitraries.integers())
            .as(Mutation::new);
        return Combinators.combine(valid(clientId), mutation.list().ofMinSize(1).ofMaxSize(4))
            .as((frame, mutations) -> apply(frame, mutations));
    }

    private static byte[] apply(final byte[] frame, final List<Mutation> mutations)
    {
        byte[] result = frame.clone();
        for (final Mutation m : mutations)
        {
            result = m.apply(result);
        }
        return result;
    }

    /** @return a valid frame of any template: Request (v2 and v1), Response, Chunk, Connect, Connected, Disconnect. */
    public static Arbitrary<byte[]> valid(final long clientId)
    {
        final Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        final Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        final Arbitrary<byte[]> request = Combinators.combine(
            Arbitraries.longs(), Arbitraries.integers().between(0, 3), Arbitraries.longs().between(-1, 10_000_000_000L),
            text, text, payload, Arbitraries.of(true, false))
            .as((correlationId, serviceId, timeoutNs, trace, baggage, body, v1) ->
            {
                final EnvelopeEncoder encoder = new EnvelopeEncoder();
                final int length = encoder.encodeRequest(correlationId, clientId, serviceId, 7, 0, timeoutNs, trace, "",
                    v1 ? "" : baggage, new UnsafeBuffer(body), 0, body.length);
                final byte[] frame = bytes(encoder, length);
                if (v1)
                {
                    // a version-1 sender: same layout without the trailing baggage field
                    new UnsafeBuffer(frame).putShort(6, (short)1, ByteOrder.LITTLE_ENDIAN);
                    return Arrays.copyOf(frame, frame.length - 2);
                }
                return frame;
            });
        final Arbitrary<byte[]> chunk = Combinators.combine(
            Arbitraries.longs().between(0, 3), Arbitraries.integers().between(-1, 1 << 20),
            Arbitraries.integers().between(-1, 1 << 20), payload)
            .as((messageId, total, offset, body) ->
            {
                final EnvelopeEncoder encoder = new EnvelopeEncoder();
                final int length = encoder.encodeChunk(clientId, 1, messageId, total, offset, new UnsafeBuffer(body), 0,
                    body.length);
                final byte[] frame = new byte[length];
                encoder.chunkBuffer().getBytes(0, frame);
                return frame;
            });
        final Arbitrary<byte[]> connect = Combinators.combine(Arbitraries.longs(), Arbitraries.of(
            "aeron:udp?endpoint=127.0.0.1:9", "aeron:ipc", "aeron:bogus", "aeron:udp?endpoint=no.such.host:1", "nope",
            "aeron:udp?endpoint=127.0.0.1:9|term-length=1g", "aeron:udp?endpoint=[::1]:9", "aeron:udp?endpoint=127.0.0.1:0"))
            .as((id, channel) ->
            {
                final EnvelopeEncoder encoder = new EnvelopeEncoder();
                return bytes(encoder, encoder.encodeConnect(id, channel, 42, null));
            });
        final Arbitrary<byte[]> others = Arbitraries.integers().between(0, 2).map(kind ->
        {
            final EnvelopeEncoder encoder = new EnvelopeEncoder();
            return switch (kind)
            {
                case 0 -> bytes(encoder, encoder.encodeConnected(clientId, 1 << 20, null));
                case 1 -> bytes(encoder, encoder.encodeResponse(1, Status.OK, 0,
                    new UnsafeBuffer("r".getBytes(StandardCharsets.UTF_8)), 0, 1));
                default -> bytes(encoder, encoder.encodeDisconnect(clientId + 1)); // never the live client
            };
        });
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, request),
            net.jqwik.api.Tuple.of(3, chunk),
            net.jqwik.api.Tuple.of(1, connect),
            net.jqwik.api.Tuple.of(1, others));
    }

    /**
     * @return a burst of frames: a few frames of {@link #frames}, or a valid request (possibly mutated)
     * cut into chunks, then possibly one chunk dropped, repeated, mutated or moved.
     */
    public static Arbitrary<List<byte[]>> bursts(final long clientId)
    {
        final Arbitrary<List<byte[]>> few = frames(clientId).list().ofMinSize(1).ofMaxSize(4);
        final Arbitrary<List<byte[]>> chunked = Combinators.combine(
            Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid(clientId)), net.jqwik.api.Tuple.of(1, mutated(clientId))),
            Arbitraries.integers().between(1, 64),
            Arbitraries.longs().between(0, 3),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers())
            .as((message, chunkSize, messageId, damage, which, value) ->
            {
                final java.util.ArrayList<byte[]> chunks = new java.util.ArrayList<>();
                final EnvelopeEncoder encoder = new EnvelopeEncoder();
                for (int offset = 0; offset < message.length; offset += chunkSize)
                {
                    final int length = Math.min(chunkSize, message.length - offset);
                    final int encoded = encoder.encodeChunk(clientId, 1, messageId, message.length, offset,
                        new UnsafeBuffer(message), offset, length);
                    final byte[] frame = new byte[encoded];
                    encoder.chunkBuffer().getBytes(0, frame);
                    chunks.add(frame);
                }
                if (chunks.isEmpty())
                {
                    return chunks;
                }
                final int at = which % chunks.size();
                switch (damage)
                {
                    case 1 -> chunks.remove(at);
                    case 2 -> chunks.add(at, chunks.get(at).clone());
                    case 3 -> chunks.set(at, new Mutation(3, value, value).apply(chunks.get(at).clone()));
                    case 4 -> chunks.add(chunks.remove(at));
                    default ->
                    {
                    }
                }
                return (List<byte[]>)chunks;
            });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, few), net.jqwik.api.Tuple.of(1, chunked));
    }

    private static byte[] bytes(final EnvelopeEncoder encoder, final int length)
    {
        final byte[] frame = new byte[length];
        encoder.buffer().getBytes(0, frame);
        return frame;
    }
}
