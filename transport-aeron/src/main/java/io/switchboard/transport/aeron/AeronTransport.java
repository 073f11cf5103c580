package io.switchboard.transport.aeron;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.Counter;
import io.aeron.exceptions.AeronException;
import io.aeron.exceptions.ClientTimeoutException;
import io.switchboard.transport.aeron.client.ClientSession;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import io.switchboard.transport.aeron.driver.DriverHandle;
import io.switchboard.transport.aeron.driver.DriverTuning;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Server;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Request/response over Aeron for one process: owns the media driver (embedded, or attached to an
 * external one), the Aeron client, and one polling thread ({@code switchboard-transport-N}) that
 * serves every {@link Server} and {@link ClientSession} of this transport.
 * <p>
 * Losing the client: a shared or external driver may die, or time this process's client out after a
 * pause (kill -STOP, a long GC). Then in-flight calls fail at once (CONNECTION_LOST), and a background
 * thread ({@link Reattach}) ensures a driver again (the shared one is replaced when dead), connects a
 * new client, re-opens every {@link Server} on the same endpoint and re-publishes the counters;
 * {@link #connect(Endpoint, long)} waits for it up to the caller's deadline. An embedded driver dies only with the process.
 * <pre>{@code
 * try (AeronTransport transport = AeronTransport.launch(TransportConfig.builder().build()))
 * {
 *     Server server = transport.startServer((request, responder) ->
 *         responder.reply(request.correlationId(), CallStatus.OK, request.payload(), 0, request.payloadLength()));
 *     String forRegistry = server.endpoint().toString();
 *
 *     ClientSession client = transport.connect(Endpoint.parse(forRegistry));
 *     Response response = client.call(serviceId, methodId, payload, 0, length, TimeUnit.SECONDS.toNanos(1));
 * }
 * }</pre>
 */
public final class AeronTransport implements AutoCloseable
{
    private static final AtomicInteger THREAD_SEQUENCE = new AtomicInteger();
    private static final SecureRandom CLIENT_IDS = new SecureRandom();
    private static final long DRIVER_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * One Aeron client and what lives in its driver's memory.
     *
     * @param driver the driver it is attached to.
     * @param aeron  the client.
     * @param values the counters' values in a mapping of the CnC file of our own, never unmapped explicitly.
     */
    private record Link(DriverHandle driver, Aeron aeron, UnsafeBuffer values)
    {
    }

    private final TransportConfig config;
    private final TransportCounters counters = new TransportCounters();
    private final TransportAgent agent;
    private final AgentRunner runner;
    private final ConcurrentHashMap<Endpoint, ClientSession> sessions = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Server> servers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<PublishedCounter> published = new CopyOnWriteArrayList<>();
    private final Reattach reattach;
    private final String threadName;
    private volatile Link link;
    private volatile String driverLost;
    private volatile boolean closed;

    private AeronTransport(final TransportConfig config)
    {
        this.config = config;
        this.link = attach(config, null);
        this.threadName = "switchboard-transport-" + THREAD_SEQUENCE.getAndIncrement();
        this.reattach = new Reattach(link.driver().dir().toString(), this::reattachOnce,
            line -> config.errorHandler().onError(new DriverLostNotice(line)));
        this.agent = new TransportAgent(threadName, config.pollerSpinNanos());
        agent.add(new DriverWatch(link));
        this.runner = new AgentRunner(new PollerIdleStrategy(agent, config.busySpin(), config.pollerMaxParkNanos()),
            config.errorHandler(), null, agent);
        AgentRunner.startOnThread(runner, DaemonThreads.FACTORY);
    }

    /**
     * Starts the driver (or attaches), the Aeron client and the polling thread.
     *
     * @param config the settings.
     * @return the running transport; close it to release everything.
     */
    public static AeronTransport launch(final TransportConfig config)
    {
        return new AeronTransport(config);
    }

    // Ensures a driver (embedded: starts one; shared: attaches, replacing a dead one) and connects a client.
    private Link attach(final TransportConfig config, final DriverHandle embedded)
    {
        DriverHandle driver = embedded;
        Aeron aeron = null;
        MappedByteBuffer cnc = null;
        try
        {
            if (null == driver)
            {
                driver = DriverHandle.start(config);
            }
            final Aeron[] self = new Aeron[1];
            final Aeron.Context context = new Aeron.Context()
                .aeronDirectoryName(driver.dir().toString())
                .threadFactory(DaemonThreads.FACTORY)
                .errorHandler(error -> onClientError(self[0], error))
                .subscriberErrorHandler(config.errorHandler());
            if (!driver.isEmbedded())
            {
                context.driverTimeoutMs(DriverTuning.attachedDriverTimeout(config).toMillis());
            }
            aeron = Aeron.connect(context);
            self[0] = aeron;
            // Ours, left to the garbage collector: a counter may be incremented while a lost client is closed.
            cnc = IoUtil.mapExistingFile(driver.dir().resolve(CncFileDescriptor.CNC_FILE).toFile(), "cnc");
            final UnsafeBuffer values = CncFileDescriptor.createCountersValuesBuffer(
                cnc, CncFileDescriptor.createMetaDataBuffer(cnc));
            return new Link(driver, aeron, values);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, null == embedded ? driver : null);
            throw ex;
        }
    }

    /**
     * Serves requests on a UDP endpoint (host and port from the config; port 0 picks a free one) and on
     * an IPC stream for clients sharing this driver. After a re-attach it serves on the same endpoint.
     *
     * @param handler receives requests on the polling thread; must not block.
     * @return the server; {@link Server#endpoint()} says where it is.
     */
    public Server startServer(final RequestHandler handler)
    {
        final long deadlineNs = System.nanoTime() + config.connectTimeout().toNanos();
        while (true)
        {
            final Link current = awaitLink();
            try
            {
                final Server server = new Server(current.aeron(), agent, config, counters, current.driver().driverId(),
                    handler);
                servers.add(server);
                agent.add(server);
                return server;
            }
            catch (final AeronException ex)
            {
                // The client closed under us (its driver was lost a moment ago, e.g. a shared driver that exited
                // while this process was slow to connect): open on the re-attached client instead.
                if (!current.aeron().isClosed() || System.nanoTime() - deadlineNs > 0)
                {
                    throw ex;
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    /**
     * A session to {@code endpoint}: the live one when this transport already has one, else a new one
     * that connects in the background (IPC when the endpoint's driver is ours, else UDP). A session
     * that was lost or failed is replaced. Never waits: while the transport re-attaches to a media driver
     * it returns a failed session saying why.
     *
     * @param endpoint the server.
     * @return the session; calls wait for the connection within their deadline.
     */
    public ClientSession connect(final Endpoint endpoint)
    {
        return connect(endpoint, System.nanoTime());
    }

    /**
     * As {@link #connect(Endpoint)}, but while the transport re-attaches to a media driver this waits for
     * it up to {@code deadlineNs}, then returns a failed session saying why.
     *
     * @param endpoint   the server.
     * @param deadlineNs {@link System#nanoTime()} to stop waiting for a re-attach at, e.g. the call's deadline.
     * @return the session; calls wait for the connection within their deadline.
     */
    public ClientSession connect(final Endpoint endpoint, final long deadlineNs)
    {
        ensureOpen();
        Link current = link;
        if (null != driverLost)
        {
            final String why = reattach.await(deadlineNs);
            current = link;
            if (null != why || null != driverLost)
            {
                return ClientSession.unavailable(agent, config, counters, endpoint, null != why ? why : driverLost);
            }
        }
        final ClientSession known = sessions.get(endpoint); // the common case: no lock, no allocation
        if (null != known && known.state().ordinal() <= ClientSession.State.CONNECTED.ordinal())
        {
            return known;
        }
        final Link attached = current;
        return sessions.compute(endpoint, (key, existing) ->
        {
            if (null != existing && existing.state().ordinal() <= ClientSession.State.CONNECTED.ordinal())
            {
                return existing;
            }
            if (null != existing)
            {
                existing.close();
            }
            final ClientSession session = new ClientSession(attached.aeron(), agent, config, counters,
                attached.driver().driverId(), endpoint, CLIENT_IDS.nextLong());
            agent.add(session);
            return session;
        });
    }

    /**
     * @return id of the media driver this transport uses; equal ids mean IPC is possible. The same after a
     * re-attach to the shared driver (it lives in the same directory).
     */
    public String driverId()
    {
        return link.driver().driverId();
    }

    /**
     * @return the driver handle (directory, embedded or not) of the current client.
     */
    public DriverHandle driver()
    {
        return link.driver();
    }

    /**
     * @return the counters of rejected frames, late replies and the like.
     */
    public TransportCounters counters()
    {
        return counters;
    }

    /**
     * Allocates a counter in the media driver's CnC file, where other processes read it (the
     * {@code services} CLI, AeronStat); it is freed when closed or when this transport closes, and moved to
     * the new driver when this transport re-attaches. Not for hot paths: a round trip to the driver.
     * Incrementing the returned counter is.
     *
     * @param typeId    the counter's type, 1000 or more (below is Aeron's own).
     * @param key       the key bytes readers match on, at most 112.
     * @param keyLength how many bytes of {@code key} to use.
     * @param label     the human-readable label.
     * @return the counter.
     */
    public PublishedCounter addCounter(final int typeId, final DirectBuffer key, final int keyLength, final String label)
    {
        final Link current = awaitLink();
        final UnsafeBuffer keyCopy = new UnsafeBuffer(new byte[keyLength]);
        keyCopy.putBytes(0, key, 0, keyLength);
        final PublishedCounter counter = new PublishedCounter(this, typeId, keyCopy, label);
        counter.publish(register(current.aeron(), counter), current.values());
        published.add(counter);
        return counter;
    }

    private static Counter register(final Aeron aeron, final PublishedCounter counter)
    {
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(counter.label().getBytes(StandardCharsets.US_ASCII));
        return aeron.addCounter(counter.typeId(), counter.key(), 0, counter.key().capacity(), labelBuffer, 0,
            labelBuffer.capacity());
    }

    // From PublishedCounter.close(): frees its slot while the client that allocated it is alive.
    void release(final PublishedCounter counter, final Counter registration)
    {
        published.remove(counter);
        if (null != registration && !closed && null == driverLost)
        {
            try
            {
                registration.close();
            }
            catch (final RuntimeException ignore)
            {
                // The client closed meanwhile: the driver frees its counters with it.
            }
        }
    }

    /**
     * @return the settings.
     */
    public TransportConfig config()
    {
        return config;
    }

    /**
     * @return why this transport has no media driver now (what happened and what to do), or null while it has one.
     */
    public String driverLost()
    {
        return driverLost;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("transport is closed");
        }
    }

    // Waits for a re-attach in progress, up to the connect timeout.
    private Link awaitLink()
    {
        ensureOpen();
        if (null != driverLost)
        {
            final String why = reattach.await(System.nanoTime() + config.connectTimeout().toNanos());
            if (null != why)
            {
                throw new IllegalStateException(why);
            }
        }
        return link;
    }

    // Aeron reports a dead driver (DriverTimeoutException), its own timeout after this process was paused
    // (ConductorServiceTimeoutException) or the driver's verdict on that (ClientTimeoutException) here, then
    // closes the client for good.
    private void onClientError(final Aeron client, final Throwable error)
    {
        if (error instanceof DriverTimeoutException || error instanceof ConductorServiceTimeoutException ||
            error instanceof ClientTimeoutException)
        {
            onDriverLost(client, error.getMessage());
            return;
        }
        config.errorHandler().onError(error);
    }

    private void onDriverLost(final Aeron client, final String cause)
    {
        final Link lost = link;
        if (closed || null == client || lost.aeron() != client || null == agent)
        {
            return; // closing, or a late report from a client already replaced
        }
        if (lost.driver().isEmbedded())
        {
            final String reason = "the Aeron media driver embedded in this process at " + lost.driver().dir() +
                " is gone (" + cause + "): Switchboard calls from and to this process fail until it is restarted";
            if (null == driverLost)
            {
                driverLost = reason;
                config.errorHandler().onError(new IllegalStateException(reason));
                agent.driverLost(reason);
            }
            return;
        }
        if (!reattach.lost(cause))
        {
            return;
        }
        final String reason = reattach.reason();
        driverLost = null == reason ? "re-attaching to the media driver" : reason;
        for (final PublishedCounter counter : published)
        {
            counter.unpublish();
        }
        sessions.clear();
        // In order on the polling thread: fail pending calls and drop all work, then close what is left of the
        // old client (no one polls its resources any more), then re-attach on a thread of its own.
        agent.driverLost(driverLost);
        agent.submit(() ->
        {
            CloseHelper.quietClose(lost.aeron());
            final Thread thread = new Thread(reattach::run, threadName + "-reattach");
            thread.setDaemon(true);
            thread.start();
        });
    }

    // One try of Reattach: a driver (replacing a dead shared one), a client, servers on the same endpoints,
    // the counters. Any failure closes the new client and is tried again.
    private void reattachOnce()
    {
        final Link next = attach(config, null);
        try
        {
            for (final Server server : servers)
            {
                if (!server.isClosed())
                {
                    server.reattach(next.aeron());
                }
            }
            for (final PublishedCounter counter : published)
            {
                if (!counter.isClosed())
                {
                    counter.publish(register(next.aeron(), counter), next.values());
                }
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(next.aeron());
            for (final PublishedCounter counter : published)
            {
                counter.unpublish();
            }
            throw ex;
        }
        if (closed)
        {
            CloseHelper.quietClose(next.aeron());
            return;
        }
        link = next;
        driverLost = null;
        for (final Server server : servers)
        {
            if (server.isClosed())
            {
                servers.remove(server);
            }
            else
            {
                agent.add(server);
            }
        }
        agent.add(new DriverWatch(next));
    }

    /**
     * A line for the log about the media driver (lost, re-attached), passed to the error handler so it goes
     * where the transport's other reports go; carries no stack trace.
     */
    public static final class DriverLostNotice extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        DriverLostNotice(final String message)
        {
            super(message, null, false, false);
        }
    }

    // Notices a closed client even when Aeron reported no error, e.g. closed by a driver that terminated it, and
    // a shared driver process that died (sooner than Aeron's 10 s driver timeout).
    private final class DriverWatch implements TransportAgent.Work
    {
        private final Link watched;
        private long nextCheckNs;

        DriverWatch(final Link watched)
        {
            this.watched = watched;
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (nowNs - nextCheckNs < 0)
            {
                return 0;
            }
            nextCheckNs = nowNs + DRIVER_CHECK_INTERVAL_NS;
            if (closed)
            {
                return 0;
            }
            if (watched.aeron().isClosed())
            {
                AeronTransport.this.onDriverLost(watched.aeron(), "its Aeron client closed");
                return 1;
            }
            final long pid = watched.driver().pid();
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            {
                AeronTransport.this.onDriverLost(watched.aeron(), "the shared driver process " + pid + " exited");
                return 1;
            }
            return 0;
        }

        @Override
        public void onClose()
        {
        }
    }

    /**
     * Stops re-attaching and the polling thread (closing servers and sessions; pending calls complete with
     * CONNECTION_LOST), then the Aeron client, then an embedded driver.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            reattach.close();
            final Link last = link;
            CloseHelper.closeAll(runner, last.aeron(), last.driver());
        }
    }
}
