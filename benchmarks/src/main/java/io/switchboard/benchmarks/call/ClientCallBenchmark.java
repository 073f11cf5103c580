package io.switchboard.benchmarks.call;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Reply;
import io.switchboard.transport.aeron.client.ReplyListener;
import io.switchboard.transport.aeron.server.InboundRequest;
import io.switchboard.transport.aeron.server.Responder;
import io.switchboard.transport.aeron.server.Server;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The client call path against a server in the same process, with no user work: a synchronous
 * {@link ClientSession#callInto} (encode the envelope, offer, wait for the reply, decode it into the
 * thread's reused {@link Reply}, as the agent calls it) to a
 * {@link Server} whose handler replies with the request's payload on the polling thread (decode, reply
 * encode). {@code ipc}: client and server share one embedded media driver ({@code aeron:ipc});
 * {@code udp}: two embedded drivers over UDP loopback. With {@code -prof gc}, {@code gc.alloc.rate.norm}
 * is what the transport allocates per call (client and server threads together). Run with
 * {@code java -jar benchmarks/target/benchmarks.jar 'call\.ClientCall' -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ClientCallBenchmark
{
    private static final int SERVICE = 1;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /** {@code ipc}: one shared driver; {@code udp}: one driver each, over loopback. */
    @Param({"ipc", "udp"})
    public String channel;

    /** Payload bytes each way. */
    @Param({"64"})
    public int payloadBytes;

    private AeronTransport serverTransport;
    private AeronTransport clientTransport;
    private ClientSession session;
    private UnsafeBuffer payload;
    private final Reply reply = new Reply();
    private final AsyncOutcome outcome = new AsyncOutcome();

    /**
     * Starts the transports and the echoing server, and connects.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        serverTransport = AeronTransport.launch(TransportConfig.builder().build());
        final Server server = serverTransport.startServer(ClientCallBenchmark::echo);
        clientTransport = "ipc".equals(channel) ? null : AeronTransport.launch(TransportConfig.builder().build());
        session = (null == clientTransport ? serverTransport : clientTransport).connect(server.endpoint());
        if (!session.awaitConnected(TIMEOUT_NS))
        {
            throw new IllegalStateException("benchmark session did not connect to " + server.endpoint());
        }
        payload = new UnsafeBuffer(new byte[payloadBytes]);
    }

    /**
     * Closes the transports.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != clientTransport)
        {
            clientTransport.close();
        }
        serverTransport.close();
    }

    /**
     * @return the reply.
     */
    @Benchmark
    public Reply call()
    {
        session.callInto(SERVICE, 7, 0, null, null, null, payload, 0, payloadBytes, TIMEOUT_NS, reply);
        if (reply.status() != CallStatus.OK)
        {
            throw new IllegalStateException("benchmark call failed: " + reply);
        }
        return reply;
    }

    /**
     * An asynchronous call as the agent makes it: {@link ClientSession#callAsyncView} whose listener (a reused
     * object) reads the reply in its pending slot on the transport's polling thread; this thread waits for it by
     * yielding, so the wait allocates nothing.
     *
     * @return the reply's status.
     */
    @Benchmark
    public CallStatus callAsync()
    {
        outcome.done = false;
        session.callAsyncView(SERVICE, 7, 0, null, null, null, payload, 0, payloadBytes, TIMEOUT_NS, outcome);
        while (!outcome.done)
        {
            Thread.yield();
        }
        if (outcome.status != CallStatus.OK)
        {
            throw new IllegalStateException("benchmark async call failed: " + outcome.status);
        }
        return outcome.status;
    }

    // Reused for every call: what the listener saw (its payload is read where it is, as the agent decodes it).
    private static final class AsyncOutcome implements ReplyListener
    {
        volatile boolean done;
        CallStatus status;
        long sum;

        @Override
        public void onReply(final long correlationId, final Reply reply)
        {
            status = reply.status();
            sum += reply.payload().getByte(reply.payloadLength() - 1); // read where it is, as a decoder would
            done = true;
        }
    }

    private static void echo(final InboundRequest request, final Responder responder)
    {
        responder.reply(request.correlationId(), CallStatus.OK, request.payload(), 0, request.payloadLength());
    }
}
