package io.switchboard.transport.aeron.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeron.Aeron;
import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportAgent;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.TransportCounters;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.FuzzFrames;
import io.switchboard.transport.aeron.codec.sbe.ChunkDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import io.switchboard.transport.aeron.driver.DriverHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fuzzes a real {@link Server} (real Aeron subscriptions and reply publications, one real connected
 * client) by feeding bursts of hostile frames straight into its fragment handler, on this thread,
 * as its subscriptions would: random bytes, mutated valid frames of every template, requests cut
 * into chunks and then damaged. Properties: nothing escapes the handler (the only errors reported
 * are the rate-limited Connect refusals); the request handler runs only for sound Request frames
 * of the connected client, within the limits; every rejected frame is counted once; every sound
 * Request is handed over, counted or answered; and the state a sender can grow (sessions, pending
 * Connects, reassemblies) stays within its limits, reassemblies draining to none afterwards.
 * Tries: {@code jqwik.tries.default} (2500 per build; {@code -Pfuzz} for a long run).
 */
class ServerFuzzTest
{
    private static final int MAX_SESSIONS = 8;
    private static final int MAX_ASSEMBLIES = 4;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final List<Throwable> ERRORS = new CopyOnWriteArrayList<>();
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    private static final AtomicLong HANDLED = new AtomicLong();
    private static final TransportCounters COUNTERS = new TransportCounters();
    // As a subscription's header, without an image: the source falls back to the session id.
    private static final Header HEADER = new Header(0, 0).buffer(new UnsafeBuffer(new byte[DataHeaderFlyweight.HEADER_LENGTH]));
    private static final AtomicLong TRIES = new AtomicLong();
    private static long startNs;
    private static DriverHandle driver;
    private static Aeron aeron;
    private static Server server;
    private static AeronTransport client;
    private static long clientId;

    @BeforeContainer
    static void start()
    {
        final TransportConfig config = TransportConfig.builder()
            .maxMessageBytes(MAX_MESSAGE_BYTES)
            .maxConcurrentAssemblies(MAX_ASSEMBLIES)
            .connectTimeout(Duration.ofSeconds(5))
            .sessionLimits(new SessionLimits(MAX_SESSIONS, 4, Duration.ofMillis(200)))
            .errorHandler(ERRORS::add)
            .build();
        driver = DriverHandle.start(config);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.dir().toString()).errorHandler(ERRORS::add));
        // The test drives the duty cycle itself; the agent only receives the server's keep-polling hints.
        server = new Server(aeron, new TransportAgent("fuzz", 0), config, COUNTERS, driver.driverId(),
            ServerFuzzTest::onRequest);
        client = AeronTransport.launch(TransportConfig.builder().build());
        final ClientSession session = client.connect(server.endpoint());
        clientId = session.clientId();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!session.isConnected() && System.nanoTime() - deadlineNs < 0)
        {
            server.doWork(System.nanoTime());
            Thread.onSpinWait();
        }
        // One real call proves the session, so it keeps its slot while fuzzed Connects fill the others.
        final AtomicReference<Response> first = new AtomicReference<>();
        session.callAsync(1, 7, 0, null, null, null, null, 0, 0, TimeUnit.SECONDS.toNanos(30), (id, r) -> first.set(r));
        while (null == first.get() && System.nanoTime() - deadlineNs < 0)
        {
            server.doWork(System.nanoTime());
            Thread.onSpinWait();
        }
        assertThat(first.get()).as("first call of the real client").isNotNull();
        assertThat(first.get().status()).as(first.get() + " " + COUNTERS + " " + ERRORS).isEqualTo(CallStatus.OK);
        HANDLED.set(0);
        startNs = System.nanoTime();
    }

    @AfterContainer
    static void stop()
    {
        try
        {
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            // Far enough ahead that every reassembly is stale and every unconnected reply publication timed out.
            server.doWork(System.nanoTime() + TimeUnit.MINUTES.toNanos(1));
            server.doWork(System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
            final int[] held = server.heldState();
            System.out.println("ServerFuzzTest: " + TRIES.get() + " bursts in " + elapsedMs + " ms; handler ran " +
                HANDLED.get() + " times; held afterwards: sessions " + held[0] + ", pending connects " + held[1] +
                ", reassemblies " + held[2] + "; counters " + COUNTERS);
            assertThat(held[2]).as("reassemblies left after the run").isZero();
            assertThat(held[0]).as("sessions left after the run").isLessThanOrEqualTo(MAX_SESSIONS);
        }
        finally
        {
            server.onClose();
            CloseHelper.quietCloseAll(client, aeron, driver);
        }
    }

    private static void onRequest(final InboundRequest request, final Responder responder)
    {
        HANDLED.incrementAndGet();
        if (request.clientId() != clientId || request.timeoutNs() <= 0 || request.payloadLength() > MAX_MESSAGE_BYTES)
        {
            VIOLATIONS.add("handler ran for " + request);
        }
        responder.reply(request.correlationId(), CallStatus.OK, request.payload(), 0, request.payloadLength());
    }

    @Provide
    Arbitrary<List<byte[]>> bursts()
    {
        return FuzzFrames.bursts(clientId);
    }

    @Property
    void hostileFramesAreCountedOrAnsweredAndOnlySoundRequestsReachTheHandler(@ForAll("bursts") final List<byte[]> burst)
    {
        TRIES.incrementAndGet();
        for (final byte[] frame : burst)
        {
            final UnsafeBuffer exact = new UnsafeBuffer(frame);
            final int code = Envelope.check(exact, 0, frame.length);
            final long rejectedBefore = COUNTERS.framesRejected();
            final long handledBefore = HANDLED.get();
            final long accountedBefore = accounted();

            server.onFragment(exact, 0, frame.length, HEADER);

            final long handled = HANDLED.get() - handledBefore;
            if (code < 0)
            {
                assertThat(COUNTERS.framesRejected() - rejectedBefore).as("rejected frame counted once").isEqualTo(1);
            }
            if (code != RequestDecoder.TEMPLATE_ID && code != ChunkDecoder.TEMPLATE_ID)
            {
                assertThat(handled).as("handler runs for no frame but a Request or the last Chunk of one").isZero();
            }
            if (code == RequestDecoder.TEMPLATE_ID)
            {
                assertThat(handled + accounted() - accountedBefore).as("a sound Request is handled, counted or answered")
                    .isPositive();
            }
        }
        server.doWork(System.nanoTime());

        assertThat(VIOLATIONS).isEmpty();
        assertThat(ERRORS).allSatisfy(e -> assertThat(e.getMessage()).matches("(?s)(refused Connect|cannot reply).*"));
        final int[] held = server.heldState();
        assertThat(held[0]).as("sessions").isLessThanOrEqualTo(MAX_SESSIONS);
        assertThat(held[1]).as("pending connects").isLessThanOrEqualTo(MAX_SESSIONS);
        assertThat(held[2]).as("reassemblies").isLessThanOrEqualTo(MAX_ASSEMBLIES);
    }

    private static long accounted()
    {
        return COUNTERS.requestsFromUnknownClients.get() + COUNTERS.oversizedMessages.get() +
            COUNTERS.sessionRequestsRefused.get() + COUNTERS.responsesSent.get() + COUNTERS.responsesNotSent.get() +
            COUNTERS.framesRejected();
    }
}
