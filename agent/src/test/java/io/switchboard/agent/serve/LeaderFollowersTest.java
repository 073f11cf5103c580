package io.switchboard.agent.serve;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.server.InboundRequest;
import io.switchboard.transport.aeron.server.Leadable;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Responder;
import io.switchboard.transport.aeron.server.Server;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader/followers with a real {@link Server} (embedded media driver, IPC sessions from several Aeron
 * clients): idle workers poll the server themselves, the transport's polling thread takes over when
 * they are busy, and every request is answered exactly once either way. The handler hands off as
 * {@link ServingPath} does: copy what it needs on the reading thread, then {@link Workers#tryExecute}.
 */
class LeaderFollowersTest
{
    private static final long BUDGET_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int ECHO = 1;
    private static final int BLOCK = 2;
    private static final int WORK = 3;
    private static final long WORK_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ranOnReader = new AtomicInteger();
    private final AtomicInteger blockedRunning = new AtomicInteger();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final CountDownLatch serverStopped = new CountDownLatch(1);
    private final Thread.UncaughtExceptionHandler defaultHandler = Thread.getDefaultUncaughtExceptionHandler();
    private final List<AeronTransport> transports = new ArrayList<>();
    private Workers workers;
    private AeronTransport serverTransport;
    private Server server;

    @BeforeEach
    void recordUncaught()
    {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> violations.add(thread.getName() + " threw " + error));
    }

    @AfterEach
    void close()
    {
        Thread.setDefaultUncaughtExceptionHandler(defaultHandler);
        release.countDown();
        if (null != workers)
        {
            workers.close();
        }
        for (int i = transports.size() - 1; i >= 0; i--)
        {
            transports.get(i).close();
        }
    }

    private final class Handler implements RequestHandler
    {
        @Override
        public void onRequest(final InboundRequest request, final Responder responder)
        {
            final Thread reader = Thread.currentThread();
            final long readNs = System.nanoTime();
            final long correlationId = request.correlationId();
            final byte[] payload = request.payloadBytes();
            final long leftNs = request.deadlineNs() - readNs;
            if (leftNs <= 0 || leftNs > BUDGET_NS)
            {
                violations.add("request read with " + leftNs + " ns left of a " + BUDGET_NS + " ns budget");
            }
            final boolean block = request.serviceId() == BLOCK;
            final boolean works = request.serviceId() == WORK;
            final boolean admitted = workers.tryExecute(() ->
            {
                final Thread runner = Thread.currentThread();
                if (!(runner instanceof Workers.WorkerThread))
                {
                    violations.add("a call ran on " + runner.getName() + ", not on a worker");
                }
                if (runner == reader)
                {
                    ranOnReader.incrementAndGet();
                }
                runs.computeIfAbsent(new String(payload, StandardCharsets.UTF_8), k -> new AtomicInteger()).incrementAndGet();
                if (works)
                {
                    LockSupport.parkNanos(WORK_NS); // long enough for calls to overlap
                }
                if (block)
                {
                    blockedRunning.incrementAndGet();
                    awaitRelease();
                }
                responder.reply(correlationId, CallStatus.OK, new UnsafeBuffer(payload), 0, payload.length);
            });
            if (!admitted)
            {
                responder.replyError(correlationId, CallStatus.OVERLOADED, "workers busy; did not run");
            }
        }

        @Override
        public void serverStarted(final Leadable started)
        {
            workers.lead(started);
        }

        @Override
        public void serverStopped(final Leadable stopped)
        {
            workers.unlead(stopped);
            serverStopped.countDown();
        }
    }

    private void awaitRelease()
    {
        try
        {
            release.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void start(final Workers workers)
    {
        this.workers = workers;
        serverTransport = AeronTransport.launch(TransportConfig.builder().build());
        transports.add(serverTransport);
        server = serverTransport.startServer(new Handler());
    }

    // A client with its own Aeron client on the server's driver: its own IPC session to the server.
    private ClientSession newSession()
    {
        final AeronTransport client = AeronTransport.launch(TransportConfig.builder().driverDir(serverTransport.driver().dir()).build());
        transports.add(client);
        final ClientSession session = client.connect(server.endpoint());
        assertThat(session.awaitConnected(BUDGET_NS)).as("connected: " + session.failure()).isTrue();
        assertThat(session.isIpc()).isTrue();
        return session;
    }

    private static Response call(final ClientSession session, final int serviceId, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return session.call(serviceId, 7, new UnsafeBuffer(bytes), 0, bytes.length, BUDGET_NS);
    }

    // Bursts of back-to-back calls until one ran on the worker that read it: a worker leads the server.
    private void untilAWorkerLeads(final ClientSession session, final int before)
    {
        final AtomicInteger sequence = new AtomicInteger();
        await().atMost(60, TimeUnit.SECONDS).until(() ->
        {
            for (int i = 0; i < 20; i++)
            {
                final String text = "probe-" + sequence.incrementAndGet();
                assertThat(call(session, ECHO, text).payloadBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            }
            return ranOnReader.get() > before;
        });
    }

    @Test
    void manyConcurrentRequestsOnSeveralSessionsAreEachAnsweredOnceAndRunOnWorkersOnly() throws Exception
    {
        start(new Workers(4, 10_000));
        final Map<String, Response> outcomes = callConcurrently(ECHO, 3, 3, 300);

        final Queue<String> wrong = new ConcurrentLinkedQueue<>();
        outcomes.forEach((text, response) ->
        {
            if (!response.isOk() || !text.equals(new String(response.payloadBytes(), StandardCharsets.UTF_8)))
            {
                wrong.add(text + " -> " + response);
            }
        });
        assertThat(wrong).as("every call answered with its own payload").isEmpty();
        assertThat(runs).as("every request ran").hasSize(3 * 3 * 300);
        assertThat(runs.values()).as("and ran once").allMatch(count -> count.get() == 1);
        assertThat(violations).isEmpty();
        assertThat(ranOnReader).as("idle workers read requests and ran them themselves").hasPositiveValue();
        assertThat(workers.admitted()).isZero();
    }

    /**
     * The limits of the chaos tests' overloaded provider (one worker, no queue) under calls from several
     * sessions and threads: whatever reads a request (a leading worker or the polling thread), a call answered as
     * not run never ran, and none ran twice; the consumer re-sends the refused ones elsewhere on that word.
     */
    @Test
    void underOverloadACallAnsweredAsNotRunNeverRanAndNoneRanTwice() throws Exception
    {
        start(new Workers(1, 0));
        final Map<String, Response> outcomes = callConcurrently(WORK, 2, 3, 400);

        final List<String> refusedButRan = new ArrayList<>();
        final List<String> okButNotRunOnce = new ArrayList<>();
        outcomes.forEach((text, response) ->
        {
            final int ran = runs.containsKey(text) ? runs.get(text).get() : 0;
            if (!response.mayHaveRun() && ran > 0)
            {
                refusedButRan.add(text + " -> " + response + ", ran " + ran);
            }
            if (response.isOk() && ran != 1)
            {
                okButNotRunOnce.add(text + " ran " + ran);
            }
        });
        assertThat(outcomes.values()).as("some calls were refused").anyMatch(r -> r.status() == CallStatus.OVERLOADED);
        assertThat(refusedButRan).as("calls answered as not run that ran").isEmpty();
        assertThat(okButNotRunOnce).as("calls answered OK that did not run exactly once").isEmpty();
        assertThat(runs.values()).as("no call ran twice").allMatch(count -> count.get() == 1);
        assertThat(violations).isEmpty();
    }

    // Each caller thread calls one after another on its session, with payloads unique to the call.
    private Map<String, Response> callConcurrently(
        final int serviceId, final int sessions, final int callersPerSession, final int callsPerCaller)
        throws InterruptedException
    {
        final Map<String, Response> outcomes = new ConcurrentHashMap<>();
        final List<Thread> callers = new ArrayList<>();
        for (int s = 0; s < sessions; s++)
        {
            final ClientSession session = newSession();
            for (int c = 0; c < callersPerSession; c++)
            {
                final String prefix = "s" + s + "-c" + c + "-";
                final Thread caller = new Thread(() ->
                {
                    for (int i = 0; i < callsPerCaller; i++)
                    {
                        final String text = prefix + i;
                        outcomes.put(text, call(session, serviceId, text));
                    }
                }, "caller-" + prefix);
                callers.add(caller);
                caller.start();
            }
        }
        for (final Thread caller : callers)
        {
            caller.join(TimeUnit.MINUTES.toMillis(3));
            assertThat(caller.isAlive()).as(caller.getName() + " finished").isFalse();
        }
        return outcomes;
    }

    @Test
    void whenEveryWorkerIsBusyThePollingThreadTakesOverAndTheWorkersLeadAgainAfterwards() throws Exception
    {
        start(new Workers(2, 4));
        final ClientSession first = newSession();
        final ClientSession second = newSession();
        untilAWorkerLeads(first, 0);
        await().atMost(60, TimeUnit.SECONDS).until(() -> 0 == workers.admitted()); // the probes' workers are done

        // Both workers block: nobody leads, so the polling thread reads on and queues, up to the queue bound.
        final List<Thread> callers = new ArrayList<>();
        final Map<String, Response> responses = new ConcurrentHashMap<>();
        for (int i = 0; i < 12; i++)
        {
            final ClientSession session = i % 2 == 0 ? first : second;
            final String text = "blocking-" + i;
            final Thread caller = new Thread(() -> responses.put(text, call(session, BLOCK, text)));
            callers.add(caller);
            caller.start();
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> blockedRunning.get() == 2);
        await().atMost(60, TimeUnit.SECONDS).until(() -> responses.size() == 12 - 2 - 4); // the others refused
        assertThat(responses.values()).allMatch(r -> r.status() == CallStatus.OVERLOADED && !r.mayHaveRun());
        assertThat(blockingRuns()).as("refused calls did not run").hasSize(2);

        release.countDown();
        for (final Thread caller : callers)
        {
            caller.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertThat(responses).hasSize(12);
        assertThat(responses.values().stream().filter(Response::isOk).count()).as("2 ran at once, 4 queued").isEqualTo(6);
        assertThat(blockingRuns()).hasSize(6);
        assertThat(blockingRuns().values()).allMatch(count -> count.get() == 1);

        // Free again: an idle worker takes the polling role back.
        untilAWorkerLeads(second, ranOnReader.get());
        assertThat(violations).as("every request carried its caller's budget from when it was read").isEmpty();
    }

    private Map<String, AtomicInteger> blockingRuns()
    {
        final Map<String, AtomicInteger> blocking = new ConcurrentHashMap<>(runs);
        blocking.keySet().removeIf(key -> !key.startsWith("blocking-"));
        return blocking;
    }

    @Test
    void closingTheServerWhileAWorkerLeadsStopsServingAndLeavesTheWorkersUsable() throws Exception
    {
        // The leader keeps the role for a minute when idle: it certainly leads when the server closes.
        start(new Workers(2, 10, TimeUnit.MICROSECONDS.toNanos(50), true, TimeUnit.MINUTES.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100)));
        final ClientSession session = newSession();
        untilAWorkerLeads(session, 0);

        server.close();
        assertThat(serverStopped.await(60, TimeUnit.SECONDS)).as("the polling thread took the role and closed the server")
            .isTrue();

        final CountDownLatch ran = new CountDownLatch(1);
        assertThat(workers.tryExecute(ran::countDown)).as("the workers still take calls").isTrue();
        assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(violations).isEmpty();
    }

    @Test
    void closingTheWorkersWhileOneLeadsEndsThemAndThePollingThreadAnswersAgain() throws Exception
    {
        start(new Workers(2, 10, TimeUnit.MICROSECONDS.toNanos(50), true, TimeUnit.MINUTES.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(100)));
        final ClientSession session = newSession();
        untilAWorkerLeads(session, 0);

        workers.close();

        await().atMost(60, TimeUnit.SECONDS).until(() -> 0 == workers.threads());
        final Response refused = call(session, ECHO, "after the workers closed");
        assertThat(refused.status()).as("read by the polling thread, refused, not run: " + refused)
            .isEqualTo(CallStatus.OVERLOADED);
        assertThat(runs).doesNotContainKey("after the workers closed");
        assertThat(violations).isEmpty();
    }
}
