package io.switchboard.transport.aeron.server;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.TransportAgent;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.TransportCounters;
import io.switchboard.transport.aeron.auth.Handshake;
import io.switchboard.transport.aeron.auth.SessionSeal;
import io.switchboard.transport.aeron.codec.ChunkAssembler;
import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.codec.FrameSender;
import io.switchboard.transport.aeron.codec.sbe.ChunkDecoder;
import io.switchboard.transport.aeron.codec.sbe.ConnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.DisconnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Serves requests arriving on one UDP endpoint and one IPC stream, and keeps one reply publication
 * per connected client.
 * <p>
 * Why per-client reply publications (the AeronArchive pattern) and not Aeron response channels
 * ({@code control-mode=response}): a client sends {@code Connect} naming its own reply channel and
 * stream, and the server adds a publication to it. This works the same over IPC and UDP, needs no
 * per-client subscription on the server, lets the client pick its reply transport (IPC when it
 * shares the driver), and makes "client gone" a plain "reply publication not connected". Response
 * channels are UDP-only and tie the reply to a subscription image.
 * <p>
 * Requests on IPC from several processes share one IPC publication (one Aeron session), so clients
 * are identified by the client id carried in every message, not by the image session.
 * <p>
 * Threading: everything here runs on the thread that holds the polling role (see {@link Leadable}): the
 * transport's polling thread ({@link #doWork}) or a worker of the handler that leads ({@link #lead}),
 * except {@link #endpoint()} and {@link #close()}. The role is a try-lock, so one thread at a time
 * touches the subscriptions, sessions, chunk assembly and frame authentication, and the next holder
 * sees what the last one did. Publications are added asynchronously after a Connect is read, never
 * inside a fragment handler. Hot path: {@link #doWork} and {@link #lead}; no allocation per request
 * except trace strings.
 * <p>
 * Hostile input: every frame is checked by {@link Envelope#check} before a decoder reads it, and
 * each rejection is counted in {@link TransportCounters}, never logged per frame. {@link SessionLimits}
 * bound the sessions held, the requests one session may have in flight, and how long an unproven
 * session may keep a slot that is wanted.
 */
public final class Server implements TransportAgent.Work, Leadable, AutoCloseable
{
    /** Stream id of every server's UDP subscription (servers differ by port). */
    public static final int UDP_STREAM_ID = 1001;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int ENVELOPE_ROOM = 4096;
    private static final int FRAGMENT_LIMIT = 16;
    private static final long CONNECT_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Sessions being set up at once (reply publication added, not yet connected). Each costs the driver
     * a publication with its log buffers until it connects or times out, so a Connect flood naming
     * channels nobody listens on must not add them faster than this many per connect timeout; set-up
     * sessions are not limited by it, and a refused consumer retries.
     */
    static final int MAX_CONNECTING = 32;

    private Aeron aeron; // replaced by reattach(), on a new client of a new or restarted driver
    private final TransportAgent agent;
    private final TransportConfig config;
    private final TransportCounters counters;
    private final ErrorHandler errorHandler;
    private final RequestHandler handler;
    private Subscription udpSubscription;
    private Subscription ipcSubscription;
    private final Endpoint endpoint;
    private final FragmentAssembler udpAssembler;
    private final FragmentAssembler ipcAssembler;
    private final ChunkAssembler chunks;
    private final FrameAuth auth;
    private final Long2ObjectHashMap<ServerClient> clients = new Long2ObjectHashMap<>();
    private final ArrayList<ServerClient> connecting = new ArrayList<>();
    private final ArrayList<ServerClient> pendingConnects = new ArrayList<>();
    private final ArrayList<ServerClient> toRemove = new ArrayList<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final RequestDecoder requestDecoder = new RequestDecoder();
    private final ChunkDecoder chunkDecoder = new ChunkDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final InboundRequest request = new InboundRequest();
    private final UnsafeBuffer chunkData = new UnsafeBuffer(new byte[0]);
    private final long peerTimeoutNs;
    private final SessionLimits limits;
    private final long handshakeTimeoutNs;
    private final UnsafeBuffer sessionBusy;
    private long nowNs;
    private long nextHousekeepingNs;
    private long nextConnectLogNs = System.nanoTime() - CONNECT_LOG_INTERVAL_NS;
    private volatile int clientCount;
    private volatile boolean closed;
    // The polling role: held by the one thread that may touch everything above (try-lock, see Leadable).
    private final AtomicBoolean role = new AtomicBoolean();
    private volatile boolean stopping;
    private int requestsHandedOver;
    private boolean udpFirst;

    /**
     * Opens the subscriptions; used by {@code AeronTransport#startServer}.
     *
     * @param aeron        the transport's Aeron client.
     * @param agent        the transport's duty cycle.
     * @param config       settings (host, port, limits).
     * @param counters     where rejections are counted.
     * @param driverId     id of the driver {@code aeron} is attached to.
     * @param handler      receives requests.
     */
    public Server(
        final Aeron aeron,
        final TransportAgent agent,
        final TransportConfig config,
        final TransportCounters counters,
        final String driverId,
        final RequestHandler handler)
    {
        this.aeron = aeron;
        this.agent = agent;
        this.config = config;
        this.counters = counters;
        this.errorHandler = config.errorHandler();
        this.handler = handler;
        this.peerTimeoutNs = config.peerTimeout().toNanos();
        this.limits = config.sessionLimits();
        this.handshakeTimeoutNs = limits.handshakeTimeout().toNanos();
        // Built once: refusing a flood must not allocate a message per request.
        this.sessionBusy = new UnsafeBuffer(("this client session already has " + limits.maxConcurrentPerSession() +
            " requests running or queued at the provider (switchboard.provider.max.session.concurrent); the call " +
            "did not run").getBytes(StandardCharsets.UTF_8));
        this.auth = new FrameAuth(config, counters);
        this.chunks = new ChunkAssembler(
            config.maxMessageBytes() + ENVELOPE_ROOM, config.maxConcurrentAssemblies(), 4 * peerTimeoutNs);

        this.endpoint = open(aeron, config.serverPort(), driverId);
        final FragmentHandler onFragment = this::onFragment;
        this.udpAssembler = new FragmentAssembler(onFragment);
        this.ipcAssembler = new FragmentAssembler(onFragment);        handler.serverStarted(this); // last: the handler's threads may lead from now on
    }

    // Subscribes on UDP (port 0: a free one) and on IPC; the IPC stream id follows from host and port, so a
    // server re-created on a new driver after a re-attach keeps its endpoint (and its registry record).
    private Endpoint open(final Aeron aeron, final int port, final String driverId)
    {
        final String host = config.host();
        final String bindHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        Subscription udp = null;
        Subscription ipc = null;
        try
        {
            udp = aeron.addSubscription("aeron:udp?endpoint=" + bindHost + ":" + port, UDP_STREAM_ID);
            final int boundPort = resolvePort(udp);
            final int ipcStreamId = ipcStreamId(host, boundPort);
            ipc = aeron.addSubscription("aeron:ipc", ipcStreamId);
            this.udpSubscription = udp;
            this.ipcSubscription = ipc;
            return new Endpoint(host, boundPort, UDP_STREAM_ID, ipcStreamId, driverId);
        }
        catch (final RuntimeException ex)
        {
            if (null != udp)
            {
                udp.close();
            }
            if (null != ipc)
            {
                ipc.close();
            }
            throw ex;
        }
    }

    /**
     * After the media driver was lost: serves again on {@code aeron}, a client of the new driver, on the same
     * UDP port and IPC stream, so the endpoint in the registry stays valid. Call while this server is not in
     * the duty cycle (before adding it back).
     *
     * @param aeron the new Aeron client.
     * @throws RuntimeException from Aeron when the port is still taken; retry later.
     */
    public void reattach(final Aeron aeron)
    {
        takeRole();
        try
        {
            this.aeron = aeron;
            open(aeron, endpoint.port(), endpoint.driverId());
        }
        finally
        {
            role.set(false);
        }
    }

    // Waits out a leading worker, which lets go within one of its idle steps.
    private void takeRole()
    {
        while (!role.compareAndSet(false, true))
        {
            Thread.yield();
        }
    }

    /**
     * The IPC stream of the server bound to {@code host:port}: the same after a re-attach, distinct from
     * every other server of the driver's host and network namespace (they differ by port or address), and
     * never one of {@link #uniqueStreamId}'s (bit 30 clear, bit 29 set).
     *
     * @param host the bound host.
     * @param port the bound UDP port.
     * @return a positive stream id.
     */
    public static int ipcStreamId(final String host, final int port)
    {
        return 0x2000_0000 | ((host.hashCode() & 0x1FFF) << 16) | (port & 0xFFFF);
    }

    /**
     * A stream id no other server or client session on the same driver uses: Aeron correlation ids are
     * unique per driver.
     *
     * @param aeron a client of the driver.
     * @return a positive stream id.
     */
    public static int uniqueStreamId(final Aeron aeron)
    {
        return 0x4000_0000 | (int)(aeron.nextCorrelationId() & 0x3FFF_FFFF);
    }

    private static int resolvePort(final Subscription subscription)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadlineNs < 0)
        {
            final String resolved = subscription.tryResolveChannelEndpointPort();
            if (null != resolved)
            {
                final String endpoint = ChannelUri.parse(resolved).get("endpoint");
                return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new IllegalStateException("could not resolve the bound port of " + subscription.channel());
    }

    /**
     * @return where clients reach this server; the stable string form goes into registries.
     */
    public Endpoint endpoint()
    {
        return endpoint;
    }

    /**
     * @return clients currently connected (updated by the polling thread every ~100 ms).
     */
    public int connectedClients()
    {
        return clientCount;
    }

    /**
     * @return state a hostile sender could try to grow, for the fuzz test: sessions held, Connects
     * waiting for a publication, and chunked messages being reassembled.
     */
    int[] heldState()
    {
        return new int[] {clients.size(), pendingConnects.size(), chunks.activeCount()};
    }

    /**
     * Stops serving: subscriptions and reply publications are closed on the polling thread.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            agent.remove(this);
        }
    }

    /**
     * {@inheritDoc}
     */
    public int doWork(final long nowNs)
    {
        if (!role.compareAndSet(false, true))
        {
            return 0; // a worker leads this server
        }
        try
        {
            this.nowNs = nowNs;
            final int polled =
                udpSubscription.poll(udpAssembler, FRAGMENT_LIMIT) + ipcSubscription.poll(ipcAssembler, FRAGMENT_LIMIT);
            if (polled > 0)
            {
                agent.keepPolling(nowNs);
            }
            return polled + duties();
        }
        finally
        {
            role.set(false);
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean tryLead()
    {
        return !stopping && !closed && role.compareAndSet(false, true);
    }

    /**
     * {@inheritDoc}
     */
    public int lead(final long nowNs)
    {
        this.nowNs = nowNs;
        final int handedOver = requestsHandedOver;
        // One fragment at a time so the leader stops right after the first request and lets go of the role;
        // the streams take turns being looked at first, so neither starves the other.
        final boolean udpFirst = this.udpFirst = !this.udpFirst;
        int work = 0;
        for (int i = 0; i < FRAGMENT_LIMIT && handedOver == requestsHandedOver; i++)
        {
            int polled = udpFirst ? udpSubscription.poll(udpAssembler, 1) : ipcSubscription.poll(ipcAssembler, 1);
            if (handedOver == requestsHandedOver)
            {
                polled += udpFirst ? ipcSubscription.poll(ipcAssembler, 1) : udpSubscription.poll(udpAssembler, 1);
            }
            if (0 == polled)
            {
                break;
            }
            work += polled;
        }
        return work + duties();
    }

    /**
     * {@inheritDoc}
     */
    public boolean mustStopLeading()
    {
        return stopping || closed;
    }

    /**
     * {@inheritDoc}
     */
    public void stopLeading()
    {
        role.set(false);
    }

    // Everything but reading the streams: sessions being set up or removed, and timeouts. Under the role.
    private int duties()
    {
        int work = 0;
        if (!pendingConnects.isEmpty())
        {
            work += addPendingClients();
        }
        if (!connecting.isEmpty())
        {
            work += advanceConnecting();
        }
        if (!toRemove.isEmpty())
        {
            for (final ServerClient c : toRemove)
            {
                removeClient(c);
            }
            toRemove.clear();
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping();
        }
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        stopping = true;
        takeRole(); // and keeps it: nobody polls a closed server
        try
        {
            for (final ServerClient c : clients.values())
            {
                c.close();
            }
            clients.clear();
            connecting.clear();
            clientCount = 0;
            udpSubscription.close();
            ipcSubscription.close();
        }
        finally
        {
            handler.serverStopped(this);
        }
    }

    /**
     * The client is closed and its publications with it: forget the sessions (their clients reconnect)
     * without touching Aeron objects.
     */
    @Override
    public void onDriverLost(final String reason)
    {
        takeRole(); // a leading worker may be in the middle of these maps
        try
        {
            clients.clear();
            connecting.clear();
            pendingConnects.clear();
            toRemove.clear();
            clientCount = 0;
        }
        finally
        {
            role.set(false);
        }
    }

    /**
     * @return true once {@link #close()} was called.
     */
    public boolean isClosed()
    {
        return closed;
    }

    private int addPendingClients()
    {
        for (final ServerClient pending : pendingConnects)
        {
            if (clients.containsKey(pending.clientId))
            {
                continue; // a repeated Connect: the first one is being served
            }
            if (clients.size() >= limits.maxSessions())
            {
                counters.sessionsRefused.incrementAndGet();
                continue;
            }
            final long registrationId = aeron.asyncAddPublication(pending.replyChannel, pending.replyStreamId);
            final ServerClient c = new ServerClient(pending.clientId, pending.replyChannel, pending.replyStreamId,
                registrationId, nowNs, pending.source, config, counters, pending.handshake);
            c.proven = null != pending.handshake; // proved the shared secret in its Connect
            clients.put(c.clientId, c);
            connecting.add(c);
        }
        final int count = pendingConnects.size();
        pendingConnects.clear();
        return count;
    }

    private int advanceConnecting()
    {
        int work = 0;
        for (int i = connecting.size() - 1; i >= 0; i--)
        {
            final ServerClient c = connecting.get(i);
            try
            {
                if (c.state == ServerClient.State.ADDING)
                {
                    final Publication p = aeron.getPublication(c.registrationId);
                    if (null != p)
                    {
                        c.publication(p);
                        c.state = ServerClient.State.CONNECTING;
                        work++;
                    }
                }
                if (c.state == ServerClient.State.CONNECTING && c.publication().isConnected())
                {
                    final EnvelopeEncoder encoder = EnvelopeEncoder.current();
                    final int length = encoder.encodeConnected(c.clientId, config.maxMessageBytes(), c.serverHalf());
                    if (FrameSender.offer(c.publication(), encoder.buffer(), 0, length, nowNs) == FrameSender.SENT)
                    {
                        c.state = ServerClient.State.ACTIVE;
                        connecting.remove(i);
                        work++;
                        continue;
                    }
                }
            }
            catch (final RegistrationException ex)
            {
                counters.malformedFrames.incrementAndGet();
                if (connectLogDue())
                {
                    errorHandler.onError(new IllegalStateException("cannot reply to client " + c.clientId + " on " +
                        c.replyChannel + " stream " + c.replyStreamId + " (from " + c.source + "): " + ex.getMessage() +
                        " (refused Connects are logged at most once a second; all are counted)", ex));
                }
                connecting.remove(i);
                removeClient(c);
                continue;
            }
            if (nowNs - c.createdNs > config.connectTimeout().toNanos())
            {
                connecting.remove(i);
                removeClient(c);
                counters.clientsExpired.incrementAndGet();
            }
        }
        return work;
    }

    private int housekeeping()
    {
        int work = 0;
        // Unproven sessions keep their slot until it is wanted: an idle consumer that connected early is not churned.
        final boolean underPressure = clients.size() > limits.maxSessions() / 2;
        for (final ServerClient c : clients.values())
        {
            if (underPressure && !c.proven && nowNs - c.createdNs > handshakeTimeoutNs)
            {
                toRemove.add(c);
                counters.sessionsUnproven.incrementAndGet();
                continue;
            }
            if (c.state != ServerClient.State.ACTIVE)
            {
                continue;
            }
            if (c.isConnected())
            {
                c.disconnectedSinceNs = 0;
            }
            else if (c.disconnectedSinceNs == 0)
            {
                c.disconnectedSinceNs = nowNs;
            }
            else if (nowNs - c.disconnectedSinceNs > 2 * peerTimeoutNs)
            {
                toRemove.add(c);
                counters.clientsExpired.incrementAndGet();
            }
        }
        for (final ServerClient c : toRemove)
        {
            connecting.remove(c);
            removeClient(c);
            work++;
        }
        toRemove.clear();
        work += chunks.expire(nowNs);
        clientCount = clients.size();
        return work;
    }

    private void removeClient(final ServerClient c)
    {
        if (clients.get(c.clientId) == c)
        {
            clients.remove(c.clientId);
        }
        chunks.removeSender(c.clientId);
        c.close();
    }

    // Package-private so the fuzz test can feed frames straight in, as the subscriptions' assemblers do.
    void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            onMessage(buffer, offset, length, false, header);
        }
        catch (final Throwable t)
        {
            counters.malformedFrames.incrementAndGet();
            errorHandler.onError(t);
        }
    }

    private void onMessage(final DirectBuffer frame, final int frameOffset, final int frameLength,
        final boolean reassembled, final Header header)
    {
        DirectBuffer buffer = frame;
        int offset = frameOffset;
        int length = frameLength;
        if (auth.enabled() && length >= Envelope.HEADER_LENGTH && FrameAuth.isSealed(Envelope.templateId(frame, frameOffset)))
        {
            final int sealedTemplate = Envelope.templateId(frame, frameOffset);
            final ServerClient c = clients.get(FrameAuth.senderId(frame, frameOffset, frameLength, sealedTemplate));
            if (null == c || c.state != ServerClient.State.ACTIVE)
            {
                counters.requestsFromUnknownClients.incrementAndGet();
                return;
            }
            final int opened = c.seal().open(frame, frameOffset, frameLength);
            if (opened < 0)
            {
                auth.refuse(c, opened, frame, frameOffset, frameLength, sealedTemplate, nowNs);
                return;
            }
            buffer = SessionSeal.opened();
            offset = 0;
            length = opened;
        }
        final int templateId = Envelope.check(buffer, offset, length);
        if (templateId < 0)
        {
            onRejected(templateId, buffer, offset, length);
            return;
        }
        switch (templateId)
        {
            case RequestDecoder.TEMPLATE_ID -> onRequest(buffer, offset);
            case ChunkDecoder.TEMPLATE_ID ->
            {
                if (reassembled)
                {
                    counters.malformedFrames.incrementAndGet();
                }
                else
                {
                    onChunk(buffer, offset, header);
                }
            }
            case ConnectDecoder.TEMPLATE_ID -> onConnect(buffer, offset, header);
            case DisconnectDecoder.TEMPLATE_ID -> onDisconnect(buffer, offset);
            default -> counters.unknownTemplate.incrementAndGet();
        }
    }

    private void onRejected(final int code, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (code)
        {
            case Envelope.TRUNCATED -> counters.truncatedFrames.incrementAndGet();
            case Envelope.UNKNOWN_SCHEMA -> counters.unknownSchema.incrementAndGet();
            case Envelope.UNSUPPORTED_VERSION -> counters.unsupportedVersion.incrementAndGet();
            case Envelope.UNKNOWN_TEMPLATE -> counters.unknownTemplate.incrementAndGet();
            default -> counters.malformedFrames.incrementAndGet();
        }
        if (code != Envelope.UNKNOWN_SCHEMA && code != Envelope.TRUNCATED && Envelope.hasRequestIds(buffer, offset, length))
        {
            final ServerClient c = clients.get(Envelope.requestClientId(buffer, offset));
            if (null != c && c.state == ServerClient.State.ACTIVE)
            {
                c.refuse(Envelope.requestCorrelationId(buffer, offset), CallStatus.BAD_REQUEST,
                    Envelope.describe(code, buffer, offset, length));
            }
        }
    }

    private void onConnect(final DirectBuffer buffer, final int offset, final Header header)
    {
        if (clients.size() + pendingConnects.size() >= limits.maxSessions() ||
            connecting.size() + pendingConnects.size() >= MAX_CONNECTING)
        {
            counters.sessionsRefused.incrementAndGet(); // before decoding: a Connect flood costs no allocation here
            return;
        }
        connectDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long clientId = connectDecoder.clientId();
        final int replyStreamId = connectDecoder.replyStreamId();
        final int protocolVersion = connectDecoder.protocolVersion();
        final String requestedChannel = connectDecoder.replyChannel();
        final String replyChannel = ReplyChannel.sanitize(requestedChannel, config.termLength());
        if (protocolVersion != Envelope.PROTOCOL_VERSION || null == replyChannel)
        {
            counters.malformedFrames.incrementAndGet();
            if (connectLogDue())
            {
                errorHandler.onError(new IllegalArgumentException("refused Connect from client " + clientId + " at " +
                    source(header) + ": protocol version " + protocolVersion + " (this build speaks " +
                    Envelope.PROTOCOL_VERSION + "), reply channel '" + requestedChannel + "' (only " +
                    "aeron:ipc and aeron:udp to an IP address are accepted; refused Connects are " +
                    "logged at most once a second; all are counted)"));
            }
            return;
        }
        Handshake.Accepted handshake = null;
        if (auth.enabled() && null == (handshake = auth.accept(clientId, replyChannel, replyStreamId, connectDecoder, nowNs)))
        {
            return; // no proof of the secret: no reply publication, nothing else
        }
        // Adding a publication is a conductor call: queue it for after the poll.
        pendingConnects.add(new ServerClient(
            clientId, replyChannel, replyStreamId, 0, nowNs, source(header), config, counters, handshake));
    }

    // A Connect flood must not become a log flood.
    private boolean connectLogDue()
    {
        final long now = System.nanoTime();
        if (now - nextConnectLogNs < 0)
        {
            return false;
        }
        nextConnectLogNs = now + CONNECT_LOG_INTERVAL_NS;
        return true;
    }

    /**
     * @return where a frame came from, for logs: {@code ip:port} of the sender over UDP, or the IPC
     * publication's session (shared by the clients of one driver) over IPC.
     */
    static String source(final Header header)
    {
        if (header.context() instanceof Image image)
        {
            final String identity = image.sourceIdentity();
            return identity.startsWith("aeron:ipc") ? identity + " session " + image.sessionId() : identity;
        }
        return "session " + header.sessionId();
    }

    private void onDisconnect(final DirectBuffer buffer, final int offset)
    {
        disconnectDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final ServerClient c = clients.get(disconnectDecoder.clientId());
        if (null != c)
        {
            connecting.remove(c);
            toRemove.add(c);
        }
    }

    private void onRequest(final DirectBuffer buffer, final int offset)
    {
        requestDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final ServerClient c = clients.get(requestDecoder.clientId());
        if (null == c || c.state != ServerClient.State.ACTIVE)
        {
            counters.requestsFromUnknownClients.incrementAndGet();
            return;
        }
        request.wrap(requestDecoder, nowNs, c.source);
        final long correlationId = request.correlationId();
        if (request.payloadLength() > config.maxMessageBytes())
        {
            counters.oversizedMessages.incrementAndGet();
            c.refuse(correlationId, CallStatus.TOO_LARGE, tooLarge("request", request.payloadLength()));
            return;
        }
        if (request.timeoutNs() <= 0)
        {
            c.refuse(correlationId, CallStatus.DEADLINE_EXCEEDED,
                "request arrived with no time left (budget " + request.timeoutNs() + " ns); it was not run");
            return;
        }
        if (!c.tryAdmit(limits.maxConcurrentPerSession()))
        {
            counters.sessionRequestsRefused.incrementAndGet();
            c.refuse(correlationId, CallStatus.OVERLOADED, sessionBusy, sessionBusy.capacity());
            return;
        }
        c.proven = true;
        counters.requestsReceived.incrementAndGet();
        requestsHandedOver++;
        try
        {
            handler.onRequest(request, c);
        }
        catch (final Throwable t)
        {
            counters.callbackErrors.incrementAndGet();
            c.replyError(correlationId, CallStatus.INTERNAL_ERROR, "request handler failed: " + t);
            errorHandler.onError(t);
        }
    }

    private void onChunk(final DirectBuffer buffer, final int offset, final Header header)
    {
        chunkDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long clientId = chunkDecoder.clientId();
        final long correlationId = chunkDecoder.correlationId();
        final int total = chunkDecoder.totalLength();
        final int chunkOffset = chunkDecoder.chunkOffset();
        final long messageId = chunkDecoder.messageId();
        chunkDecoder.wrapData(chunkData);
        final ServerClient c = clients.get(clientId);
        if (null == c || c.state != ServerClient.State.ACTIVE)
        {
            counters.requestsFromUnknownClients.incrementAndGet();
            return;
        }
        final int result = chunks.onChunk(clientId, messageId, total, chunkOffset, chunkData, 0, chunkData.capacity(), nowNs);
        switch (result)
        {
            case ChunkAssembler.COMPLETE -> onMessage(chunks.completedBuffer(), 0, chunks.completedLength(), true, header);
            case ChunkAssembler.TOO_LARGE ->
            {
                counters.oversizedMessages.incrementAndGet();
                c.refuse(correlationId, CallStatus.TOO_LARGE, tooLarge("request", total));
            }
            case ChunkAssembler.FULL ->
            {
                counters.assembliesRefused.incrementAndGet();
                c.refuse(correlationId, CallStatus.OVERLOADED, "provider is already reassembling " +
                    config.maxConcurrentAssemblies() + " large messages; retry later");
            }
            case ChunkAssembler.DROPPED -> counters.chunksDropped.incrementAndGet();
            default ->
            {
            }
        }
    }

    private String tooLarge(final String what, final int bytes)
    {
        return what + " of " + bytes + " bytes exceeds the provider's " + TransportConfig.MAX_MESSAGE_BYTES_KEY + "=" +
            config.maxMessageBytes() + "; raise it on both sides or send less";
    }
}
