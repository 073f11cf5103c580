package io.switchboard.transport.aeron.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.codec.FrameSender;
import io.switchboard.transport.aeron.codec.sbe.ConnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import io.switchboard.transport.aeron.server.Server;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reply the caller cannot reassemble is still the reply of a call that ran: the caller must not be told it
 * is safe to send the call elsewhere. A scripted server (raw Aeron on the client's driver, over IPC) answers a
 * request with the first chunks of two large replies while the client may reassemble only one at a time.
 */
class ReplyReassemblyTest
{
    private static final long BUDGET_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int STREAM = 0x2000_7777;

    private AeronTransport client;
    private Aeron server;

    @AfterEach
    void close()
    {
        if (null != server)
        {
            server.close();
        }
        if (null != client)
        {
            client.close();
        }
    }

    @Test
    void aReplyRefusedForReassemblyMayHaveRunSoItIsNeverReSent() throws Exception
    {
        client = AeronTransport.launch(TransportConfig.builder().maxConcurrentAssemblies(1).build());
        server = Aeron.connect(new Aeron.Context().aeronDirectoryName(client.driver().dir().toString()));
        final Subscription requests = server.addSubscription("aeron:ipc", STREAM);
        final ClientSession session =
            client.connect(new Endpoint("127.0.0.1", 1, Server.UDP_STREAM_ID, STREAM, client.driverId()));
        assertThat(session.isIpc()).isTrue();

        // The server's side of Connect, then of the request: it ran the call and starts two chunked replies.
        final AtomicLong clientId = new AtomicLong();
        final AtomicReference<Publication> replies = new AtomicReference<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ConnectDecoder connect = new ConnectDecoder();
        final RequestDecoder request = new RequestDecoder();
        final AtomicLong correlationId = new AtomicLong();
        final long deadlineNs = System.nanoTime() + BUDGET_NS;
        while (null == replies.get() && System.nanoTime() - deadlineNs < 0)
        {
            requests.poll((buffer, offset, length, h) ->
            {
                connect.wrapAndApplyHeader(buffer, offset, header);
                clientId.set(connect.clientId());
                final String channel = connect.replyChannel();
                replies.set(server.addPublication(channel, connect.replyStreamId()));
            }, 1);
            Thread.yield();
        }
        final Publication reply = replies.get();
        final EnvelopeEncoder encoder = EnvelopeEncoder.current();
        while (!reply.isConnected() && System.nanoTime() - deadlineNs < 0)
        {
            Thread.yield();
        }
        final int connected = encoder.encodeConnected(clientId.get(), 1024 * 1024, null);
        assertThat(FrameSender.offer(reply, encoder.buffer(), 0, connected, deadlineNs)).isEqualTo(FrameSender.SENT);
        assertThat(session.awaitConnected(BUDGET_NS)).as(session.failure()).isTrue();

        final CompletableFuture<Response> outcome = CompletableFuture.supplyAsync(
            () -> session.call(1, 2, new UnsafeBuffer(new byte[8]), 0, 8, BUDGET_NS));
        while (0 == correlationId.get() && System.nanoTime() - deadlineNs < 0)
        {
            requests.poll((buffer, offset, length, h) ->
            {
                request.wrapAndApplyHeader(buffer, offset, header);
                correlationId.set(request.correlationId());
            }, 1);
            Thread.yield();
        }
        final UnsafeBuffer data = new UnsafeBuffer(new byte[1000]);
        for (long messageId = 1; messageId <= 2; messageId++)
        {
            final int chunk = encoder.encodeChunk(clientId.get(), correlationId.get(), messageId, 100_000, 0, data, 0, 1000);
            assertThat(FrameSender.offer(reply, encoder.chunkBuffer(), 0, chunk, deadlineNs)).isEqualTo(FrameSender.SENT);
        }

        final Response response = outcome.get(BUDGET_NS, TimeUnit.NANOSECONDS);
        assertThat(response.status()).as(response.toString()).isNotEqualTo(CallStatus.TIMEOUT);
        assertThat(response.mayHaveRun()).as("the call ran; its reply was dropped: " + response).isTrue();
        assertThat(response.errorMessage()).contains("may have run");
    }
}
