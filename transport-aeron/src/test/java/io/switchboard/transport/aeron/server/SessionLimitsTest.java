package io.switchboard.transport.aeron.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionLimitsTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private final List<AeronTransport> transports = new ArrayList<>();

    @AfterEach
    void close()
    {
        transports.forEach(AeronTransport::close);
    }

    private AeronTransport launch(final SessionLimits limits)
    {
        final AeronTransport transport = AeronTransport.launch(TransportConfig.builder()
            .sessionLimits(limits).connectTimeout(Duration.ofSeconds(2)).build());
        transports.add(transport);
        return transport;
    }

    @Test
    void aSessionWithMaxRequestsInFlightIsAnsweredOverloadedAndOtherSessionsAreStillServed()
    {
        final AeronTransport provider = launch(new SessionLimits(16, 2, Duration.ofSeconds(10)));
        final HeldHandler handler = new HeldHandler();
        final Server server = provider.startServer(handler);
        final AeronTransport consumers = launch(SessionLimits.DEFAULT);
        final ClientSession greedy = consumers.connect(server.endpoint());
        final List<Response> greedyResponses = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            greedy.callAsync(1, 1, 0, null, null, null, null, 0, 0, TIMEOUT, (id, r) -> greedyResponses.add(r));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> greedyResponses.size() == 1);
        assertThat(greedyResponses.get(0).status()).isEqualTo(CallStatus.OVERLOADED);
        assertThat(greedyResponses.get(0).errorMessage()).contains("switchboard.provider.max.session.concurrent", "did not run");
        assertThat(handler.held).hasSize(2);
        assertThat(provider.counters().sessionRequestsRefused.get()).isEqualTo(1);

        final ClientSession other = provider.connect(server.endpoint()); // another session (IPC) is not limited by it
        final List<Response> otherResponses = new CopyOnWriteArrayList<>();
        other.callAsync(1, 1, 0, null, null, null, null, 0, 0, TIMEOUT, (id, r) -> otherResponses.add(r));
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.held.size() == 3);

        handler.releaseAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> greedyResponses.size() == 3 && otherResponses.size() == 1);
        assertThat(greedy.call(2, 1, null, 0, 0, TIMEOUT).status()).as("slots are freed by replies").isEqualTo(CallStatus.OK);
    }

    @Test
    void connectsBeyondMaxSessionsAreRefusedAndCounted()
    {
        final AeronTransport provider = launch(new SessionLimits(1, 8, Duration.ofSeconds(10)));
        final Server server = provider.startServer(new HeldHandler());
        final AeronTransport first = launch(SessionLimits.DEFAULT);
        final AeronTransport second = launch(SessionLimits.DEFAULT);

        assertThat(first.connect(server.endpoint()).call(2, 1, null, 0, 0, TIMEOUT).status()).isEqualTo(CallStatus.OK);
        final ClientSession refused = second.connect(server.endpoint());

        assertThat(refused.awaitConnected(TimeUnit.SECONDS.toNanos(3))).isFalse();
        assertThat(provider.counters().sessionsRefused.get()).isPositive();
        assertThat(server.connectedClients()).isEqualTo(1);
    }

    @Test
    void unprovenSessionsAreDroppedWhenTheirSlotsAreWantedAndProvenOnesStay()
    {
        final AeronTransport provider = launch(new SessionLimits(2, 8, Duration.ofMillis(300)));
        final Server server = provider.startServer(new HeldHandler());
        final AeronTransport proven = launch(SessionLimits.DEFAULT);
        final AeronTransport idle = launch(SessionLimits.DEFAULT);
        final ClientSession working = proven.connect(server.endpoint());
        assertThat(working.call(2, 1, null, 0, 0, TIMEOUT).status()).isEqualTo(CallStatus.OK);
        final ClientSession squatter = idle.connect(server.endpoint());
        assertThat(squatter.awaitConnected(TIMEOUT)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> provider.counters().sessionsUnproven.get() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectedClients() == 1);
        assertThat(working.call(2, 1, null, 0, 0, TIMEOUT).status()).isEqualTo(CallStatus.OK);
    }

    @Test
    void anUnprovenSessionKeepsItsSlotWhileSlotsAreFree()
    {
        final AeronTransport provider = launch(new SessionLimits(8, 8, Duration.ofMillis(100)));
        final Server server = provider.startServer(new HeldHandler());
        final ClientSession idle = launch(SessionLimits.DEFAULT).connect(server.endpoint());
        assertThat(idle.awaitConnected(TIMEOUT)).isTrue();
        final long droppedBefore = provider.counters().sessionsUnproven.get();

        // Several housekeeping rounds (100 ms each) past the handshake timeout, observed through a later call.
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(30)).until(() -> true);
        assertThat(idle.call(2, 1, null, 0, 0, TIMEOUT).status()).isEqualTo(CallStatus.OK);
        assertThat(provider.counters().sessionsUnproven.get()).isEqualTo(droppedBefore);
    }

    /** Service 1: held until released; service 2: answered at once. */
    private static final class HeldHandler implements RequestHandler
    {
        final List<Runnable> held = new CopyOnWriteArrayList<>();

        public void onRequest(final InboundRequest request, final Responder responder)
        {
            final long correlationId = request.correlationId();
            final Runnable reply = () -> responder.reply(correlationId, CallStatus.OK, new UnsafeBuffer(new byte[0]), 0, 0);
            if (request.serviceId() == 1)
            {
                held.add(reply);
            }
            else
            {
                reply.run();
            }
        }

        void releaseAll()
        {
            held.forEach(Runnable::run);
        }
    }
}
