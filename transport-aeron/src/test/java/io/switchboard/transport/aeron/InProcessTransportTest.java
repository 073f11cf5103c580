package io.switchboard.transport.aeron;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Reply;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.server.Server;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

class InProcessTransportTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);
    private static AeronTransport serverTransport;
    private static AeronTransport clientTransport;
    private static Server server;

    @BeforeAll
    static void start()
    {
        serverTransport = AeronTransport.launch(TransportConfig.builder().maxMessageBytes(2 * 1024 * 1024).build());
        clientTransport = AeronTransport.launch(TransportConfig.builder().maxMessageBytes(4 * 1024 * 1024).build());
        server = serverTransport.startServer(new EchoHandler(serverTransport.counters()));
    }

    @AfterAll
    static void stop()
    {
        clientTransport.close();
        serverTransport.close();
    }

    @Test
    void echoesOverUdpBetweenTwoDrivers()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        assertThat(session.isIpc()).isFalse();
        final byte[] bytes = "hello".getBytes();
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(bytes), 0, bytes.length, TIMEOUT);
        assertThat(response.status()).as(response.toString()).isEqualTo(CallStatus.OK);
        assertThat(response.payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void echoesOverIpcWhenTheDriverIsShared()
    {
        final ClientSession session = serverTransport.connect(server.endpoint());
        assertThat(session.isIpc()).isTrue();
        final byte[] bytes = "over ipc".getBytes();
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(bytes), 0, bytes.length, TIMEOUT);
        assertThat(response.status()).as(response.toString()).isEqualTo(CallStatus.OK);
        assertThat(response.payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void oneMebibyteRoundTripsInChunks()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final byte[] bytes = new byte[1024 * 1024];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(bytes), 0, bytes.length, TIMEOUT);
        assertThat(response.status()).as(response.toString()).isEqualTo(CallStatus.OK);
        assertThat(response.payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void payloadOverTheSendersLimitIsRejectedBeforeSending()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final int size = 5 * 1024 * 1024;
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(new byte[size]), 0, size, TIMEOUT);
        assertThat(response.status()).isEqualTo(CallStatus.TOO_LARGE);
        assertThat(response.errorMessage()).contains(String.valueOf(size), "switchboard.max.message.bytes", "4194304");
    }

    @Test
    void payloadOverTheReceiversLimitIsAnsweredTooLarge()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final int size = 3 * 1024 * 1024;
        final long before = serverTransport.counters().oversizedMessages.get();
        final Response response = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(new byte[size]), 0, size, TIMEOUT);
        assertThat(response.status()).as(response.toString()).isEqualTo(CallStatus.TOO_LARGE);
        assertThat(response.errorMessage()).contains("switchboard.max.message.bytes", "2097152");
        assertThat(serverTransport.counters().oversizedMessages.get()).isGreaterThan(before);
        // The session still works afterwards.
        final Response ok = session.call(EchoHandler.ECHO, 7, new UnsafeBuffer(new byte[8]), 0, 8, TIMEOUT);
        assertThat(ok.status()).isEqualTo(CallStatus.OK);
    }

    @Test
    void lateReplyIsDroppedAndCountedAndCallTimesOut()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        assertThat(session.awaitConnected(TIMEOUT)).isTrue();
        final Response response = session.call(EchoHandler.SILENT, 1, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(response.status()).isEqualTo(CallStatus.TIMEOUT);
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void replyAfterTheCallerGaveUpIsDroppedAndCounted()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final long before = clientTransport.counters().lateReplies.get();
        final Response response = session.call(EchoHandler.DELAYED, 200, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(response.status()).isEqualTo(CallStatus.TIMEOUT);
        assertThat(response.errorMessage()).contains("may have run");
        assertThat(session.pendingCount()).isZero();
        await().atMost(5, TimeUnit.SECONDS).until(() -> clientTransport.counters().lateReplies.get() > before);
    }

    @Test
    void replyFromAnotherThreadReachesTheCaller()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final byte[] bytes = "later".getBytes();
        final Response response = session.call(EchoHandler.DELAYED, 5, new UnsafeBuffer(bytes), 0, bytes.length, TIMEOUT);
        assertThat(response.payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void callToAServerThatIsNotThereIsNotDelivered()
    {
        final Endpoint nowhere = new Endpoint("127.0.0.1", freePort(), 1001, 5, "elsewhere");
        final ClientSession session = clientTransport.connect(nowhere);
        final Response response = session.call(EchoHandler.ECHO, 1, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(response.status()).isEqualTo(CallStatus.NOT_DELIVERED);
        assertThat(response.errorMessage()).contains("not connected", nowhere.toString());
    }

    private static int freePort()
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final java.io.IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void asyncCallCompletesOnThePollingThread()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final AtomicReference<Response> result = new AtomicReference<>();
        final byte[] bytes = "async".getBytes();
        session.callAsync(EchoHandler.ECHO, 3, 0, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null,
            "tenant=acme", new UnsafeBuffer(bytes), 0, bytes.length, TIMEOUT, (id, r) -> result.set(r));
        await().atMost(5, TimeUnit.SECONDS).until(() -> null != result.get());
        assertThat(result.get().payloadBytes()).isEqualTo(bytes);
    }

    @Test
    void asyncCallTimesOut()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final AtomicReference<Response> result = new AtomicReference<>();
        session.callAsync(EchoHandler.SILENT, 3, 0, null, null, null, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(20),
            (id, r) -> result.set(r));
        await().atMost(5, TimeUnit.SECONDS).until(() -> null != result.get());
        assertThat(result.get().status()).isEqualTo(CallStatus.TIMEOUT);
    }

    @Test
    void handlerExceptionIsAnsweredInternalErrorAndTheServerKeepsServing()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final Response failed = session.call(EchoHandler.THROWS, 1, null, 0, 0, TIMEOUT);
        assertThat(failed.status()).isEqualTo(CallStatus.INTERNAL_ERROR);
        assertThat(failed.errorMessage()).contains("handler bug");
        assertThat(failed.mayHaveRun()).isTrue();
        assertThat(serverTransport.counters().callbackErrors.get()).isPositive();
        final Response ok = session.call(EchoHandler.ECHO, 1, new UnsafeBuffer(new byte[3]), 0, 3, TIMEOUT);
        assertThat(ok.status()).isEqualTo(CallStatus.OK);
    }

    @Test
    void unknownServiceIsAClearError()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final Response response = session.call(42, 1, null, 0, 0, TIMEOUT);
        assertThat(response.status()).isEqualTo(CallStatus.UNKNOWN_SERVICE);
        assertThat(response.errorMessage()).contains("42");
        assertThat(response.mayHaveRun()).isFalse();
    }

    @Test
    void threadsSharingASessionEachGetTheirOwnReplyWhileSlotsAreReused() throws Exception
    {
        final ClientSession session = serverTransport.connect(server.endpoint());
        assertThat(session.awaitConnected(TIMEOUT)).isTrue();
        final long lateBefore = serverTransport.counters().lateReplies.get();
        // A call that gives up before its reply: the reply arrives while its slot serves other calls.
        final Response gaveUp = session.call(EchoHandler.DELAYED, 100, null, 0, 0, TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(gaveUp.status()).isEqualTo(CallStatus.TIMEOUT);
        final int threads = 4;
        final int callsEach = 400; // more than a session's slots: every slot is used again
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try
        {
            final java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                results.add(pool.submit(() ->
                {
                    final Reply reply = new Reply();
                    final UnsafeBuffer request = new UnsafeBuffer(new byte[8]);
                    int own = 0;
                    for (int i = 0; i < callsEach; i++)
                    {
                        request.putInt(0, thread);
                        request.putInt(4, i);
                        session.callInto(EchoHandler.ECHO, 1, 0, null, null, null, request, 0, 8, TIMEOUT, reply);
                        if (reply.isOk() && reply.payloadLength() == 8 && reply.payload().getInt(0) == thread &&
                            reply.payload().getInt(4) == i)
                        {
                            own++;
                        }
                    }
                    return own;
                }));
            }
            for (final java.util.concurrent.Future<Integer> result : results)
            {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(callsEach);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        assertThat(session.pendingCount()).isZero();
        await().atMost(30, TimeUnit.SECONDS).until(() -> serverTransport.counters().lateReplies.get() > lateBefore);
    }

    @Test
    void moreAsyncCallsInFlightThanSlotsAllComplete()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        assertThat(session.awaitConnected(TIMEOUT)).isTrue();
        final int calls = 400; // more than a session's slots, fewer than the server lets one session have in flight
        final java.util.concurrent.ConcurrentHashMap<Integer, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < calls; i++)
        {
            final int call = i;
            final UnsafeBuffer request = new UnsafeBuffer(new byte[4]);
            request.putInt(0, i);
            session.callAsync(EchoHandler.DELAYED, 50, 0, null, null, null, request, 0, 4, TimeUnit.SECONDS.toNanos(30),
                (id, r) -> answers.put(call, r.isOk() ? new UnsafeBuffer(r.payloadBytes()).getInt(0) : -1));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> answers.size() == calls);
        answers.forEach((call, echoed) -> assertThat(echoed).as("call %d", call).isEqualTo(call));
        assertThat(session.pendingCount()).isZero();
    }

    @Test
    void asyncViewsShowEachCallItsOwnReplyExactlyOnceWhileSlotsAreReused()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        assertThat(session.awaitConnected(TIMEOUT)).isTrue();
        final long lateBefore = clientTransport.counters().lateReplies.get();
        // Gives up before its reply, which then arrives while its slot serves the calls below.
        final AtomicReference<String> gaveUp = new AtomicReference<>();
        session.callAsyncView(EchoHandler.DELAYED, 100, 0, null, null, null, null, 0, 0,
            TimeUnit.MILLISECONDS.toNanos(10), (id, r) -> gaveUp.set(r.status() + " " + r.errorMessage()));
        await().atMost(30, TimeUnit.SECONDS).until(() -> null != gaveUp.get());
        assertThat(gaveUp.get()).startsWith("TIMEOUT").contains("may have run");

        final int rounds = 3;
        final int calls = 300; // more than a session's slots: overflow entries too, and every slot used again
        final java.util.concurrent.atomic.AtomicIntegerArray seen = new java.util.concurrent.atomic.AtomicIntegerArray(rounds * calls);
        final java.util.Queue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < calls; i++)
            {
                final int call = round * calls + i;
                final UnsafeBuffer request = new UnsafeBuffer(new byte[4 + call % 50]); // replies of different lengths
                request.putInt(0, call);
                session.callAsyncView(i % 2 == 0 ? EchoHandler.ECHO : EchoHandler.DELAYED, 5, 0, null, null, null,
                    request, 0, request.capacity(), TimeUnit.SECONDS.toNanos(30), (id, r) ->
                    {
                        // Read during the callback, as the listener contract says.
                        if (!r.isOk() || r.payloadLength() != 4 + call % 50 || r.payload().getInt(0) != call)
                        {
                            wrong.add("call " + call + " saw " + r);
                        }
                        seen.incrementAndGet(call);
                    });
            }
            final int upTo = (round + 1) * calls;
            await().atMost(60, TimeUnit.SECONDS).until(() -> completed(seen, upTo) == upTo);
        }
        assertThat(wrong).isEmpty();
        for (int call = 0; call < seen.length(); call++)
        {
            assertThat(seen.get(call)).as("listener calls of call %d", call).isEqualTo(1);
        }
        assertThat(session.pendingCount()).isZero();
        await().atMost(30, TimeUnit.SECONDS).until(() -> clientTransport.counters().lateReplies.get() > lateBefore);
    }

    private static int completed(final java.util.concurrent.atomic.AtomicIntegerArray seen, final int upTo)
    {
        int n = 0;
        for (int i = 0; i < upTo; i++)
        {
            n += seen.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void asyncViewRefusedBeforeSendingIsToldOnTheCallingThread()
    {
        final ClientSession session = clientTransport.connect(server.endpoint());
        final int size = 5 * 1024 * 1024;
        final AtomicReference<String> outcome = new AtomicReference<>();
        final long id = session.callAsyncView(EchoHandler.ECHO, 7, 0, null, null, null, new UnsafeBuffer(new byte[size]),
            0, size, TIMEOUT, (correlationId, r) -> outcome.set(Thread.currentThread().getName() + " " + correlationId +
                " " + r.status() + " " + r.errorMessage()));
        assertThat(id).isZero();
        assertThat(outcome.get()).isEqualTo(Thread.currentThread().getName() + " 0 TOO_LARGE " +
            "request payload of " + size + " bytes exceeds switchboard.max.message.bytes=4194304; it was not sent");
    }

    @Test
    void asyncRepliesArriveWhileASynchronousCallerOfTheSameSessionWaits() throws Exception
    {
        // Default caller spin (250 µs): the waiting caller soon parks and the polling thread must read replies again.
        asyncRepliesArriveWhileASynchronousCallerWaits(clientTransport);
    }

    @Test
    void aSynchronousCallerThatPollsForLongReadsTheOtherCallsRepliesToo() throws Exception
    {
        // The caller polls for up to 1 s while the polling thread leaves the session's replies to it.
        try (AeronTransport polling = AeronTransport.launch(TransportConfig.builder()
            .callerSpinNanos(TimeUnit.SECONDS.toNanos(1)).build()))
        {
            asyncRepliesArriveWhileASynchronousCallerWaits(polling);
        }
    }

    private static void asyncRepliesArriveWhileASynchronousCallerWaits(final AeronTransport transport) throws Exception
    {
        final ClientSession session = transport.connect(server.endpoint());
        assertThat(session.awaitConnected(TIMEOUT)).isTrue();
        final java.util.concurrent.CompletableFuture<Response> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> session.call(EchoHandler.SILENT, 1, null, 0, 0, TimeUnit.SECONDS.toNanos(120)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> session.pendingCount() == 1);
        final int calls = 20;
        final java.util.concurrent.ConcurrentHashMap<Integer, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < calls; i++)
        {
            final int call = i;
            final UnsafeBuffer request = new UnsafeBuffer(new byte[4]);
            request.putInt(0, i);
            session.callAsync(EchoHandler.ECHO, 1, 0, null, null, null, request, 0, 4, TimeUnit.SECONDS.toNanos(30),
                (id, r) -> answers.put(call, r.isOk() ? new UnsafeBuffer(r.payloadBytes()).getInt(0) : -1));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> answers.size() == calls);
        answers.forEach((call, echoed) -> assertThat(echoed).as("call %d", call).isEqualTo(call));
        assertThat(waiting).as("the synchronous call is never answered").isNotDone();
        session.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(CallStatus.CONNECTION_LOST);
    }
}
