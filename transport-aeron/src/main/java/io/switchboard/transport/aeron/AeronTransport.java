package io.switchboard.transport.aeron;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.switchboard.transport.aeron.client.ClientSession;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import io.switchboard.transport.aeron.driver.DriverHandle;
import io.switchboard.transport.aeron.driver.DriverTuning;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Server;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Request/response over Aeron for one process: owns the media driver (embedded, or attached to an
 * external one), the Aeron client, and one polling thread ({@code switchboard-transport-N}) that
 * serves every {@link Server} and {@link ClientSession} of this transport.
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

    private final TransportConfig config;
    private final TransportCounters counters = new TransportCounters();
    private final DriverHandle driver;
    private final Aeron aeron;
    private final TransportAgent agent;
    private final AgentRunner runner;
    private final ConcurrentHashMap<Endpoint, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicReference<String> driverLost = new AtomicReference<>();
    private volatile boolean closed;

    private AeronTransport(final TransportConfig config)
    {
        this.config = config;
        DriverHandle driver = null;
        Aeron aeron = null;
        try
        {
            driver = DriverHandle.start(config);
            final Aeron.Context context = new Aeron.Context()
                .aeronDirectoryName(driver.dir().toString())
                .threadFactory(DaemonThreads.FACTORY)
                .errorHandler(this::onClientError)
                .subscriberErrorHandler(config.errorHandler());
            if (!driver.isEmbedded())
            {
                context.driverTimeoutMs(DriverTuning.attachedDriverTimeout(config).toMillis());
            }
            aeron = Aeron.connect(context);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
        this.driver = driver;
        this.aeron = aeron;
        this.agent = new TransportAgent("switchboard-transport-" + THREAD_SEQUENCE.getAndIncrement(),
            config.pollerSpinNanos());
        agent.add(new DriverWatch());
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

    /**
     * Serves requests on a UDP endpoint (host and port from the config; port 0 picks a free one) and on
     * an IPC stream for clients sharing this driver.
     *
     * @param handler receives requests on the polling thread; must not block.
     * @return the server; {@link Server#endpoint()} says where it is.
     */
    public Server startServer(final RequestHandler handler)
    {
        ensureOpen();
        ensureDriver();
        final Server server = new Server(aeron, agent, config, counters, driver.driverId(), handler);
        agent.add(server);
        return server;
    }

    /**
     * A session to {@code endpoint}: the live one when this transport already has one, else a new one
     * that connects in the background (IPC when the endpoint's driver is ours, else UDP). A session
     * that was lost or failed is replaced.
     *
     * @param endpoint the server.
     * @return the session; calls wait for the connection within their deadline.
     */
    public ClientSession connect(final Endpoint endpoint)
    {
        ensureOpen();
        final String lost = driverLost.get();
        if (null != lost)
        {
            return ClientSession.unavailable(agent, config, counters, endpoint, lost);
        }
        final ClientSession known = sessions.get(endpoint); // the common case: no lock, no allocation
        if (null != known && known.state().ordinal() <= ClientSession.State.CONNECTED.ordinal())
        {
            return known;
        }
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
            final ClientSession session = new ClientSession(
                aeron, agent, config, counters, driver.driverId(), endpoint, CLIENT_IDS.nextLong());
            agent.add(session);
            return session;
        });
    }

    /**
     * @return id of the media driver this transport uses; equal ids mean IPC is possible.
     */
    public String driverId()
    {
        return driver.driverId();
    }

    /**
     * @return the driver handle (directory, embedded or not).
     */
    public DriverHandle driver()
    {
        return driver;
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
     * {@code services} CLI, AeronStat); it is freed when closed or when this transport closes. Not for
     * hot paths: a round trip to the driver. Incrementing the returned counter is.
     *
     * @param typeId    the counter's type, 1000 or more (below is Aeron's own).
     * @param key       the key bytes readers match on, at most 112.
     * @param keyLength how many bytes of {@code key} to use.
     * @param label     the human-readable label.
     * @return the counter.
     */
    public Counter addCounter(final int typeId, final DirectBuffer key, final int keyLength, final String label)
    {
        ensureOpen();
        ensureDriver();
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
        return aeron.addCounter(typeId, key, 0, keyLength, labelBuffer, 0, labelBuffer.capacity());
    }

    /**
     * @return the settings.
     */
    public TransportConfig config()
    {
        return config;
    }

    /**
     * @return why this transport lost its media driver (what happened and what to do), or null while it has one.
     */
    public String driverLost()
    {
        return driverLost.get();
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("transport is closed");
        }
    }

    private void ensureDriver()
    {
        final String lost = driverLost.get();
        if (null != lost)
        {
            throw new IllegalStateException(lost);
        }
    }

    // Aeron reports a dead driver (DriverTimeoutException) or its own timeout after this process was paused
    // (ConductorServiceTimeoutException) here, then closes the client for good.
    private void onClientError(final Throwable error)
    {
        config.errorHandler().onError(error);
        if (error instanceof DriverTimeoutException || error instanceof ConductorServiceTimeoutException)
        {
            onDriverLost(error.getMessage());
        }
    }

    private void onDriverLost(final String cause)
    {
        if (closed || null == driver || null == agent)
        {
            return;
        }
        final String reason = "the Aeron media driver at " + driver.dir() + " is gone for this process (" + cause +
            "): Switchboard calls from and to this process fail until it is restarted" +
            (driver.isEmbedded() ? "" : " (a new driver is started by the first process that needs one)");
        if (driverLost.compareAndSet(null, reason))
        {
            config.errorHandler().onError(new IllegalStateException(reason));
            agent.driverLost(reason);
        }
    }

    // Notices a closed client even when Aeron reported no error, e.g. closed by a driver that terminated it.
    private final class DriverWatch implements TransportAgent.Work
    {
        private long nextCheckNs;

        @Override
        public int doWork(final long nowNs)
        {
            if (nowNs - nextCheckNs < 0)
            {
                return 0;
            }
            nextCheckNs = nowNs + DRIVER_CHECK_INTERVAL_NS;
            if (aeron.isClosed() && !closed)
            {
                onDriverLost("its Aeron client closed");
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
     * Stops the polling thread (closing servers and sessions; pending calls complete with
     * CONNECTION_LOST), then the Aeron client, then an embedded driver.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.closeAll(runner, aeron, driver);
        }
    }
}
