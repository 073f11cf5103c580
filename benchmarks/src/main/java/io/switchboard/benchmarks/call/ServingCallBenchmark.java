package io.switchboard.benchmarks.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.agent.payload.Payloads;
import io.switchboard.agent.registry.local.LocalRegistry;
import io.switchboard.agent.serve.ServingPath;
import io.switchboard.benchmarks.e2e.Echo;
import io.switchboard.benchmarks.e2e.EchoImpl;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.RequestFlags;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Reply;
import io.switchboard.transport.aeron.server.Server;
import io.switchboard.transport.serial.PayloadSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import org.agrona.ExpandableDirectByteBuffer;
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

/**
 * The provider's serving path in this process: the agent's {@link ServingPath} (dispatch by service and
 * method id, hand-off to a worker or leader/followers, argument decoding, the reflective call of
 * {@link EchoImpl#echo}, result encoding, the reply) behind a transport {@link Server}, called by a synchronous
 * {@link ClientSession#callInto} over {@code aeron:ipc} with a Kryo-encoded {@code byte[payloadBytes]} argument,
 * as a consumer sends it. The client side allocates nothing per call ({@link ClientCallBenchmark}), so with
 * {@code -prof gc} {@code gc.alloc.rate.norm} is what serving one request costs; of it, the decoded argument
 * array and the {@code byte[]} argument are the user's objects (24 + 16 + payload bytes). Run with
 * {@code java -jar benchmarks/target/benchmarks.jar 'call\.ServingCall' -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class ServingCallBenchmark
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /** Size of the {@code byte[]} argument (and result). */
    @Param({"64"})
    public int payloadBytes;

    private AeronTransport transport;
    private LocalRegistry registry;
    private ServingPath serving;
    private ClientSession session;
    private int serviceId;
    private long methodId;
    private UnsafeBuffer request;
    private final Reply reply = new Reply();

    /**
     * Starts the transport, the serving path exporting an {@link EchoImpl}, and a session to it.
     *
     * @throws Exception when the registry directory cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        final Path dir = Files.createTempDirectory("jmh-serving-registry");
        final SwitchboardConfig config = SwitchboardConfig.of(Map.of("registry.dir", dir.toString(), "shutdown.grace.ms", "0"));
        registry = LocalRegistry.open(dir);
        transport = AeronTransport.launch(TransportConfig.builder().build());
        final Server[] server = new Server[1];
        serving = new ServingPath(config, registry, () -> server[0].endpoint(), new AgentLog(System.err));
        server[0] = transport.startServer(serving);
        final RemoteService service = new MethodTable().register(TypeDescription.ForLoadedType.of(Echo.class),
            Echo.class.getClassLoader());
        serving.export(service, new EchoImpl());
        final RemoteMethod echo = service.methods().stream().filter(m -> m.name().equals("echo")).findFirst()
            .orElseThrow();
        serviceId = MethodId.serviceId(service.name(), service.version());
        methodId = echo.id();
        final PayloadSerializer serializer = Payloads.serializerFor(service, config.serializationAllow(),
            config.maxMessageBytes());
        final ExpandableDirectByteBuffer encoded = new ExpandableDirectByteBuffer(256);
        final int length = serializer.writeArguments(encoded, 0, new Object[] {new byte[payloadBytes]});
        final byte[] bytes = new byte[length];
        encoded.getBytes(0, bytes);
        request = new UnsafeBuffer(bytes);
        session = transport.connect(server[0].endpoint());
        if (!session.awaitConnected(TIMEOUT_NS))
        {
            throw new IllegalStateException("benchmark session did not connect to " + server[0].endpoint());
        }
    }

    /**
     * Stops serving and closes the transport and the registry.
     *
     * @throws Exception when the registry fails to close.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        session.close();
        serving.close();
        transport.close();
        registry.close();
    }

    /**
     * @return the reply (the echoed, encoded argument).
     */
    @Benchmark
    public Reply call()
    {
        session.callInto(serviceId, methodId, RequestFlags.IDEMPOTENT, null, null, null, request, 0,
            request.capacity(), TIMEOUT_NS, reply);
        if (reply.status() != CallStatus.OK)
        {
            throw new IllegalStateException("benchmark call failed: " + reply);
        }
        return reply;
    }
}
