package io.switchboard.benchmarks.auth;

import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.auth.Handshake;
import io.switchboard.transport.aeron.auth.SessionSeal;
import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What authentication and encryption add to one message (a call is two: request and reply): encode a
 * request, seal it as the sender does, open it as the receiver does. {@code plain} encodes and checks
 * the frame only. Run with {@code java -jar benchmarks/target/benchmarks.jar 'auth\.' -f 1 -wi 3 -i 5
 * -jvmArgs "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionSealBenchmark
{
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** Payload bytes. */
    @Param({"64", "1024"})
    public int payloadBytes;

    /** plain, auth (HMAC-SHA256) or encrypt (AES-256-GCM). */
    @Param({"plain", "auth", "encrypt"})
    public String mode;

    private EnvelopeEncoder encoder;
    private UnsafeBuffer payload;
    private SessionSeal sender;
    private SessionSeal receiver;
    private long correlationId;

    /** Makes a session of the chosen mode. */
    @Setup
    public void setUp()
    {
        encoder = EnvelopeEncoder.current();
        payload = new UnsafeBuffer(new byte[payloadBytes]);
        final AuthSecret secret = AuthSecret.of("benchmark-secret-0123456789", "benchmark");
        final Handshake client = Handshake.client(secret, "encrypt".equals(mode), 42, "aeron:ipc", 7);
        final Handshake.Accepted accepted = Handshake.serve(secret, false, 42, "aeron:ipc", 7, client.clientHalf());
        sender = client.accept(accepted.serverHalf());
        receiver = accepted.seal();
    }

    /**
     * @return the opened length, so the work is not dead code.
     */
    @Benchmark
    public int encodeSealOpen()
    {
        final int length = encoder.encodeRequest(++correlationId, 42L, 7, 0x1234_5678_9abc_def0L, 0, 1_000_000_000L,
            TRACEPARENT, "", "", payload, 0, payloadBytes);
        if ("plain".equals(mode))
        {
            return Envelope.check(encoder.buffer(), 0, length);
        }
        final int sealed = sender.seal(encoder.buffer(), length);
        return receiver.open(encoder.buffer(), 0, sealed);
    }
}
