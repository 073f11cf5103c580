package io.switchboard.benchmarks.codec;

import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SBE envelope of a request on its own: encode (header, ids, deadline, flags, W3C trace context, payload)
 * with the per-thread {@link EnvelopeEncoder}, and decode it the way the provider does (check the frame,
 * read the fields, wrap the payload without copying). Run with
 * {@code java -jar benchmarks/target/benchmarks.jar 'codec\.' -f 1 -wi 3 -i 5
 * -jvmArgs "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeCodecBenchmark
{
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** Payload bytes. */
    @Param({"64", "1024"})
    public int payloadBytes;

    private EnvelopeEncoder encoder;
    private UnsafeBuffer payload;
    private UnsafeBuffer encoded;
    private int encodedLength;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RequestDecoder request = new RequestDecoder();
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private long correlationId;

    /** Encodes one request to decode in {@link #decodeRequest}. */
    @Setup
    public void setUp()
    {
        encoder = EnvelopeEncoder.current();
        payload = new UnsafeBuffer(new byte[payloadBytes]);
        encodedLength = encode();
        encoded = new UnsafeBuffer(new byte[encodedLength]);
        encoded.putBytes(0, encoder.buffer(), 0, encodedLength);
    }

    private int encode()
    {
        return encoder.encodeRequest(++correlationId, 42L, 7, 0x1234_5678_9abc_def0L, 0, 1_000_000_000L,
            TRACEPARENT, "", "", payload, 0, payloadBytes);
    }

    /**
     * @return the encoded length, so the work is not dead code.
     */
    @Benchmark
    public int encodeRequest()
    {
        return encode();
    }

    /**
     * @param bh sink for the decoded fields.
     */
    @Benchmark
    public void decodeRequest(final Blackhole bh)
    {
        final DirectBuffer buffer = encoded;
        bh.consume(Envelope.check(buffer, 0, encodedLength));
        request.wrapAndApplyHeader(buffer, 0, header);
        bh.consume(request.correlationId());
        bh.consume(request.clientId());
        bh.consume(request.serviceId());
        bh.consume(request.methodId());
        bh.consume(request.timeoutNs());
        bh.consume(request.traceparent());
        bh.consume(request.skipTracestate());
        request.wrapPayload(payloadView);
        bh.consume(payloadView.capacity());
        bh.consume(request.skipBaggage());
    }
}
