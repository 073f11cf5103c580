package io.switchboard.transport.aeron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.server.Server;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions with a shared secret: only holders of the secret connect, calls work over UDP, IPC and in
 * chunks, with and without encryption, and a client refuses a server that cannot prove the secret.
 */
class AuthenticatedTransportTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);
    private static final AuthSecret SECRET = AuthSecret.of("correct horse battery staple", "test");
    private static final AuthSecret OTHER = AuthSecret.of("incorrect horse battery staple", "test");
    private static AeronTransport serverTransport;
    private static AeronTransport encryptingServerTransport;
    private static Server server;
    private static Server encryptingServer;

    @BeforeAll
    static void start()
    {
        serverTransport = AeronTransport.launch(TransportConfig.builder().authSecret(SECRET).build());
        server = serverTransport.startServer(new EchoHandler(serverTransport.counters()));
        encryptingServerTransport = AeronTransport.launch(TransportConfig.builder().authSecret(SECRET).encrypt(true).build());
        encryptingServer = encryptingServerTransport.startServer(new EchoHandler(encryptingServerTransport.counters()));
    }

    @AfterAll
    static void stop()
    {
        serverTransport.close();
        encryptingServerTransport.close();
    }

    private static AeronTransport client(final AuthSecret secret, final boolean encrypt)
    {
        return AeronTransport.launch(TransportConfig.builder().authSecret(secret).encrypt(encrypt)
            .connectTimeout(Duration.ofMillis(1500)).build());
    }

    private static void assertEchoes(final ClientSession session, final int size)
    {
        final byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i * 7);
        }
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(bytes), 0, size, TIMEOUT);
        assertThat(response.status()).as(response.toString()).isEqualTo(CallStatus.OK);
        assertThat(response.payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void aClientWithTheSecretCallsOverUdpIpcAndInChunks()
    {
        try (AeronTransport client = client(SECRET, false))
        {
            assertEchoes(client.connect(server.endpoint()), 100);
            assertEchoes(client.connect(server.endpoint()), 1024 * 1024);
        }
        final ClientSession ipc = serverTransport.connect(server.endpoint());
        assertThat(ipc.isIpc()).isTrue();
        assertEchoes(ipc, 100);
    }

    @Test
    void encryptedSessionsRoundTripSmallAndChunkedPayloads()
    {
        try (AeronTransport client = client(SECRET, true))
        {
            assertEchoes(client.connect(server.endpoint()), 100);
            assertEchoes(client.connect(server.endpoint()), 1024 * 1024);
        }
        try (AeronTransport client = client(SECRET, false))
        {
            assertEchoes(client.connect(encryptingServer.endpoint()), 3000); // the server decides to encrypt
        }
    }

    @Test
    void aClientWithoutTheSecretIsNeverServed()
    {
        assertRefused(null);
    }

    @Test
    void aClientWithAnotherSecretIsNeverServed()
    {
        assertRefused(OTHER);
    }

    private static void assertRefused(final AuthSecret secret)
    {
        final long received = serverTransport.counters().requestsReceived.get();
        final long refused = serverTransport.counters().connectsUnauthenticated.get();
        try (AeronTransport client = client(secret, false))
        {
            final ClientSession session = client.connect(server.endpoint());
            final Response response = session.call(EchoHandler.ECHO, 1, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(response.status()).isEqualTo(CallStatus.NOT_DELIVERED);
            assertThat(response.errorMessage()).contains("did not answer Connect", "shared secret");
        }
        assertThat(serverTransport.counters().connectsUnauthenticated.get()).isGreaterThan(refused);
        assertThat(serverTransport.counters().requestsReceived.get()).isEqualTo(received);
    }

    @Test
    void aClientRefusesAServerThatCannotProveTheSecret()
    {
        try (AeronTransport rogue = AeronTransport.launch(TransportConfig.builder().build());
            AeronTransport client = client(SECRET, false))
        {
            final Server rogueServer = rogue.startServer(new EchoHandler(rogue.counters()));
            final ClientSession session = client.connect(rogueServer.endpoint());
            await().atMost(10, TimeUnit.SECONDS).until(() -> session.state() == ClientSession.State.FAILED);
            assertThat(session.failure()).contains("did not prove it knows the shared secret", "runs without one");
            final Response response = session.call(EchoHandler.ECHO, 1, null, 0, 0, TIMEOUT);
            assertThat(response.status()).isEqualTo(CallStatus.NOT_DELIVERED);
            assertThat(rogue.counters().requestsReceived.get()).isZero();
        }
    }
}
