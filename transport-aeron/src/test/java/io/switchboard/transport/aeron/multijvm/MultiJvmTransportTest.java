package io.switchboard.transport.aeron.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.EchoHandler;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.TransportCounters;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.driver.DriverTuning;
import io.switchboard.transport.aeron.driver.ShmDirectories;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server in a child JVM, a client in this JVM: over UDP between two embedded drivers, and over IPC
 * through a shared driver both attach to.
 */
class MultiJvmTransportTest
{
    private static final long CALL_TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final int SERVER_MAX = 1_200_000;
    private static final int CLIENT_MAX = 4 * 1024 * 1024;

    private static Path sharedDir;
    private static MediaDriver sharedDriver;
    private static ChildJvm udpServer;
    private static ChildJvm ipcServer;
    private static Endpoint udpEndpoint;
    private static Endpoint ipcEndpoint;
    private static AeronTransport udpClient;
    private static AeronTransport ipcClient;

    @BeforeAll
    static void start() throws Exception
    {
        sharedDir = ShmDirectories.root().resolve("switchboard-test-shared-" + ProcessHandle.current().pid());
        sharedDriver = MediaDriver.launch(DriverTuning.context(
            sharedDir, TransportConfig.DEFAULT_TERM_LENGTH, Duration.ofSeconds(1), Throwable::printStackTrace));
        udpServer = new ChildJvm(TestServerMain.class, "-", String.valueOf(SERVER_MAX));
        ipcServer = new ChildJvm(TestServerMain.class, sharedDir.toString(), String.valueOf(SERVER_MAX));
        udpClient = AeronTransport.launch(TransportConfig.builder().maxMessageBytes(CLIENT_MAX).build());
        ipcClient = AeronTransport.launch(TransportConfig.builder().maxMessageBytes(CLIENT_MAX).driverDir(sharedDir).build());
        udpEndpoint = Endpoint.parse(udpServer.awaitLine("ENDPOINT", 30, TimeUnit.SECONDS));
        ipcEndpoint = Endpoint.parse(ipcServer.awaitLine("ENDPOINT", 30, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() throws Exception
    {
        CloseHelper.quietCloseAll(udpClient, ipcClient, udpServer, ipcServer);
        CloseHelper.quietClose(sharedDriver);
    }

    private static AeronTransport client(final String mode)
    {
        return "udp".equals(mode) ? udpClient : ipcClient;
    }

    private static ClientSession session(final String mode)
    {
        final ClientSession session = client(mode).connect("udp".equals(mode) ? udpEndpoint : ipcEndpoint);
        assertThat(session.isIpc()).isEqualTo("ipc".equals(mode));
        return session;
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ipc"})
    void repliesArePairedWithTheirCallersAcrossEightThreads(final String mode) throws Exception
    {
        final ClientSession session = session(mode);
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try
        {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++)
            {
                final int thread = t;
                results.add(pool.submit(() ->
                {
                    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
                    int ok = 0;
                    for (int i = 0; i < 1000; i++)
                    {
                        buffer.putInt(0, thread);
                        buffer.putInt(4, i);
                        final Response r = session.call(EchoHandler.ECHO, 1, buffer, 0, 8, CALL_TIMEOUT);
                        assertThat(r.status()).as(r.toString()).isEqualTo(CallStatus.OK);
                        final UnsafeBuffer reply = new UnsafeBuffer(r.payloadBytes());
                        assertThat(reply.getInt(0)).isEqualTo(thread);
                        assertThat(reply.getInt(4)).isEqualTo(i);
                        ok++;
                    }
                    return ok;
                }));
            }
            for (final Future<Integer> result : results)
            {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(1000);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        assertThat(session.pendingCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ipc"})
    void oneMebibytePayloadRoundTrips(final String mode)
    {
        final byte[] bytes = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        final Response r = session(mode).call(EchoHandler.ECHO, 1, new UnsafeBuffer(bytes), 0, bytes.length, CALL_TIMEOUT);
        assertThat(r.status()).as(r.toString()).isEqualTo(CallStatus.OK);
        assertThat(r.payloadBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ipc"})
    void oversizedPayloadIsRejectedBySenderAndByReceiver(final String mode)
    {
        final ClientSession session = session(mode);
        final int overSender = CLIENT_MAX + 1;
        final Response local = session.call(EchoHandler.ECHO, 1, new UnsafeBuffer(new byte[overSender]), 0, overSender, CALL_TIMEOUT);
        assertThat(local.status()).isEqualTo(CallStatus.TOO_LARGE);
        assertThat(local.errorMessage()).contains(String.valueOf(overSender), String.valueOf(CLIENT_MAX),
            TransportConfig.MAX_MESSAGE_BYTES_KEY);

        final int overReceiver = 2 * 1024 * 1024;
        final Response remote = session.call(EchoHandler.ECHO, 1, new UnsafeBuffer(new byte[overReceiver]), 0, overReceiver, CALL_TIMEOUT);
        assertThat(remote.status()).as(remote.toString()).isEqualTo(CallStatus.TOO_LARGE);
        assertThat(remote.errorMessage()).contains(String.valueOf(SERVER_MAX), TransportConfig.MAX_MESSAGE_BYTES_KEY);

        final Response after = session.call(EchoHandler.ECHO, 1, new UnsafeBuffer(new byte[4]), 0, 4, CALL_TIMEOUT);
        assertThat(after.status()).isEqualTo(CallStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ipc"})
    void killedServerFailsPendingAndNewCallsPromptly(final String mode) throws Exception
    {
        try (ChildJvm server = new ChildJvm(TestServerMain.class, "udp".equals(mode) ? "-" : sharedDir.toString(),
            String.valueOf(SERVER_MAX)))
        {
            final Endpoint endpoint = Endpoint.parse(server.awaitLine("ENDPOINT", 30, TimeUnit.SECONDS));
            final ClientSession session = client(mode).connect(endpoint);
            assertThat(session.awaitConnected(TimeUnit.SECONDS.toNanos(10))).isTrue();
            final Map<Long, Response> outcomes = new ConcurrentHashMap<>();
            for (int i = 0; i < 4; i++)
            {
                session.callAsync(EchoHandler.SILENT, 1, 0, null, null, null, null, 0, 0, TimeUnit.SECONDS.toNanos(60),
                    outcomes::put);
            }
            assertThat(session.pendingCount()).isEqualTo(4);

            server.kill();

            await().atMost(Duration.ofSeconds(8)).until(() -> outcomes.size() == 4);
            assertThat(outcomes.values()).extracting(Response::status).containsOnly(CallStatus.CONNECTION_LOST);
            assertThat(session.state()).isEqualTo(ClientSession.State.LOST);
            final Response next = session.call(EchoHandler.ECHO, 1, null, 0, 0, TimeUnit.SECONDS.toNanos(60));
            assertThat(next.status()).isEqualTo(CallStatus.NOT_DELIVERED);
            assertThat(next.errorMessage()).contains("LOST");
            assertThat(session.pendingCount()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "ipc"})
    void malformedFramesAreCountedAndTheServerKeepsServing(final String mode)
    {
        final ClientSession session = session(mode);
        assertThat(session.awaitConnected(CALL_TIMEOUT)).isTrue();
        final Endpoint endpoint = session.endpoint();
        final TransportCounters clientCounters = client(mode).counters();
        final long lateBefore = clientCounters.lateReplies.get();
        final Map<String, Long> before = serverCounters(session);

        try (Aeron raw = Aeron.connect(new Aeron.Context().aeronDirectoryName(client(mode).driver().dir().toString()));
            Publication publication = "udp".equals(mode) ?
                raw.addPublication("aeron:udp?endpoint=" + endpoint.udpEndpoint() + "|term-length=256k", endpoint.udpStreamId()) :
                raw.addPublication("aeron:ipc?term-length=256k", endpoint.ipcStreamId()))
        {
            await().atMost(Duration.ofSeconds(5)).until(publication::isConnected);
            final UnsafeBuffer garbage = new UnsafeBuffer(new byte[64]);
            new java.util.Random(1).nextBytes(garbage.byteArray());
            offer(publication, garbage, 64);                       // unknown schema (random bytes)
            offer(publication, garbage, 3);                        // truncated
            final EnvelopeEncoder encoder = new EnvelopeEncoder();
            int length = encoder.encodeRequest(Long.MAX_VALUE, session.clientId(), 1, 1, 0, 1_000_000, "", "", "", null, 0, 0);
            encoder.buffer().putShort(6, (short)9, ByteOrder.LITTLE_ENDIAN);      // version 9
            offer(publication, encoder.buffer(), length);
            length = encoder.encodeRequest(Long.MAX_VALUE - 1, session.clientId(), 1, 1, 0, 1_000_000, "", "", "", null, 0, 0);
            encoder.buffer().putShort(2, (short)250, ByteOrder.LITTLE_ENDIAN);    // unknown template
            offer(publication, encoder.buffer(), length);
            length = encoder.encodeRequest(Long.MAX_VALUE - 2, session.clientId(), 1, 1, 0, 1_000_000, "", "", "", null, 0, 0);
            encoder.buffer().putInt(length - 4, 1 << 30, ByteOrder.LITTLE_ENDIAN); // payload length past the frame
            offer(publication, encoder.buffer(), length);
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        {
            final Map<String, Long> after = serverCounters(session);
            assertThat(after.get("unknownSchema")).isGreaterThan(before.get("unknownSchema"));
            assertThat(after.get("truncatedFrames")).isGreaterThan(before.get("truncatedFrames"));
            assertThat(after.get("unsupportedVersion")).isGreaterThan(before.get("unsupportedVersion"));
            assertThat(after.get("unknownTemplate")).isGreaterThan(before.get("unknownTemplate"));
            assertThat(after.get("malformedFrames")).isGreaterThan(before.get("malformedFrames"));
        });
        // The bad-version and bad-length requests named a connected client: answered BAD_REQUEST, nobody waited.
        await().atMost(Duration.ofSeconds(5)).until(() -> clientCounters.lateReplies.get() >= lateBefore + 2);
        final byte[] bytes = "still serving".getBytes(StandardCharsets.UTF_8);
        final Response r = session.call(EchoHandler.ECHO, 1, new UnsafeBuffer(bytes), 0, bytes.length, CALL_TIMEOUT);
        assertThat(r.payloadBytes()).isEqualTo(bytes);
    }

    private static void offer(final Publication publication, final org.agrona.DirectBuffer buffer, final int length)
    {
        await().atMost(Duration.ofSeconds(5)).until(() -> publication.offer(buffer, 0, length) > 0);
    }

    private static Map<String, Long> serverCounters(final ClientSession session)
    {
        final Response r = session.call(EchoHandler.COUNTERS, 0, null, 0, 0, CALL_TIMEOUT);
        assertThat(r.status()).as(r.toString()).isEqualTo(CallStatus.OK);
        return TransportCounters.parse(new String(r.payloadBytes(), StandardCharsets.UTF_8));
    }
}
