package io.switchboard.transport.aeron.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
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
import io.switchboard.transport.aeron.codec.sbe.ConnectedDecoder;
import io.switchboard.transport.aeron.codec.sbe.MessageHeaderDecoder;
import io.switchboard.transport.aeron.codec.sbe.ResponseDecoder;
import io.switchboard.transport.aeron.server.Server;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A session to one server endpoint, shared by any number of calling threads. Over {@code aeron:ipc}
 * when this transport's driver is the server's ({@link Endpoint#driverId()} matches), over UDP
 * otherwise. Connecting is asynchronous: {@code AeronTransport#connect} returns at once, and a call
 * waits for the connection within its own deadline.
 * <p>
 * Replies are paired with callers by correlation id. A synchronous caller first polls the reply
 * subscription itself for {@link TransportConfig#callerSpinNanos()} (whoever holds the poll claim reads
 * the replies of every caller, so a quick reply needs no thread wake-up; meanwhile the polling thread leaves
 * the replies to the callers and stays parked rather than take the core), then parks until the polling
 * thread unparks it or its deadline passes; a reply arriving after its caller gave up is dropped and
 * counted ({@link TransportCounters#lateReplies}). When the server's reply image or the request
 * publication goes away, every pending call completes with
 * {@link CallStatus#CONNECTION_LOST} and the session is {@link State#LOST} for good: connect again
 * (to this or another provider) for new calls.
 * <p>
 * With a shared secret ({@link TransportConfig#authSecret()}) Connect carries the client's half of the
 * {@link Handshake}; the session becomes CONNECTED only when Connected proves the server knows the
 * secret too (else FAILED: a provider without the secret is never sent a call), and every request,
 * reply and Disconnect is then sealed ({@link SessionSeal}); a reply that fails its seal is dropped and
 * counted ({@link TransportCounters#framesUnauthenticated}).
 * <p>
 * Hot path: {@link #callInto}, {@link #callAsyncView} and the reply handler allocate nothing per call: the
 * call takes a reusable slot of {@link PendingCalls} (the correlation id names it), the reply's payload is
 * copied into that slot's buffer and handed to the caller's {@link Reply} (or shown to the asynchronous
 * listener as the slot's own {@link Reply} view), and encoding reuses a per-thread buffer. {@link #call} adds
 * an immutable {@link Response}; {@link #callAsync} gives its listener one.
 */
public final class ClientSession implements TransportAgent.Work, AutoCloseable
{
    /** Stream id of UDP reply subscriptions (each session binds its own port). */
    public static final int UDP_REPLY_STREAM_ID = 1002;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int ENVELOPE_ROOM = 4096;
    /** Reusable pending-call slots per session; calls beyond it take one-off entries. */
    private static final int PENDING_SLOTS = 256;
    /**
     * A waiting caller polls without a system call this long before it yields between polls: a reply over IPC
     * comes within a few µs, and on this hardware one {@code sched_yield} costs ~1.4 µs (more when the core is
     * contended).
     */
    private static final long CALLER_BUSY_POLL_NS = TimeUnit.MICROSECONDS.toNanos(5);

    /**
     * Life cycle of a session; it only moves forward.
     */
    public enum State
    {
        /** Adding the request publication and reply subscription. */
        ADDING,
        /** Waiting for the request publication to connect, then sending Connect. */
        CONNECTING,
        /** Connect sent; waiting for Connected on the reply channel. */
        AWAITING_CONNECTED,
        /** Calls flow. */
        CONNECTED,
        /** The server went away after connecting. */
        LOST,
        /** Could not connect within the connect timeout, or Aeron refused a channel. */
        FAILED,
        /** Closed by {@link #close()}. */
        CLOSED
    }

    private final Aeron aeron;
    private final TransportAgent agent;
    private final TransportConfig config;
    private final TransportCounters counters;
    private final ErrorHandler errorHandler;
    private final Endpoint endpoint;
    private final boolean ipc;
    private final long clientId;
    private final String requestChannel;
    private final int requestStreamId;
    private final String replySubscriptionChannel;
    private final int replyStreamId;
    private final PendingCalls pending;
    private final AtomicLong messageIds = new AtomicLong();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ResponseDecoder responseDecoder = new ResponseDecoder();
    private final ConnectedDecoder connectedDecoder = new ConnectedDecoder();
    private final ChunkDecoder chunkDecoder = new ChunkDecoder();
    private final UnsafeBuffer chunkData = new UnsafeBuffer(new byte[0]);
    private final ChunkAssembler chunks;
    private final FragmentAssembler assembler;
    // Whoever sets it owns the reply subscription, its assembler and decoders until it clears it.
    private final AtomicBoolean replyPollClaim = new AtomicBoolean();
    // Synchronous callers polling for their replies now: the polling thread leaves the replies to them.
    private final AtomicInteger pollingCallers = new AtomicInteger();
    private long replyNowNs; // guarded by replyPollClaim
    private final long createdNs;
    private volatile State state = State.ADDING;
    private volatile String failure = "";
    private volatile Publication publication;
    private Handshake handshake;
    private volatile SessionSeal seal;
    private volatile String authFailure;
    private volatile String peerGone;
    private Subscription replySubscription;
    private long publicationRegistrationId = -1;
    private long subscriptionRegistrationId = -1;
    private String replyChannel;
    private long nextHousekeepingNs;
    private long nowNs;

    /**
     * Used by {@code AeronTransport#connect}; the session starts connecting once the polling thread
     * picks it up.
     *
     * @param aeron         the transport's Aeron client.
     * @param agent         the transport's duty cycle.
     * @param config        settings.
     * @param counters      where drops are counted.
     * @param localDriverId id of the driver {@code aeron} is attached to.
     * @param endpoint      the server.
     * @param clientId      random id naming this session to the server.
     */
    public ClientSession(
        final Aeron aeron,
        final TransportAgent agent,
        final TransportConfig config,
        final TransportCounters counters,
        final String localDriverId,
        final Endpoint endpoint,
        final long clientId)
    {
        this.aeron = aeron;
        this.agent = agent;
        this.config = config;
        this.counters = counters;
        this.errorHandler = config.errorHandler();
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.ipc = endpoint.driverId().equals(localDriverId);
        this.pending = new PendingCalls(null == aeron ? 2 : PENDING_SLOTS); // no Aeron: unavailable, never sends
        final String termLength = "term-length=" + config.termLength();
        if (ipc)
        {
            requestChannel = "aeron:ipc?" + termLength;
            requestStreamId = endpoint.ipcStreamId();
            replySubscriptionChannel = "aeron:ipc";
            replyStreamId = Server.uniqueStreamId(aeron);
        }
        else
        {
            requestChannel = "aeron:udp?endpoint=" + endpoint.udpEndpoint() + "|" + termLength;
            requestStreamId = endpoint.udpStreamId();
            replySubscriptionChannel = "aeron:udp?endpoint=" + hostForUri(config.host()) + ":0";
            replyStreamId = UDP_REPLY_STREAM_ID;
        }
        this.chunks = new ChunkAssembler(config.maxMessageBytes() + ENVELOPE_ROOM, config.maxConcurrentAssemblies(),
            4 * config.peerTimeout().toNanos());
        this.assembler = new FragmentAssembler(this::onFragment);
        this.createdNs = System.nanoTime();
    }

    /**
     * A session that never connects, for a transport whose media driver is gone: every call on it fails at
     * once with NOT_DELIVERED and {@code reason}.
     *
     * @param agent    the transport's duty cycle (never given this session).
     * @param config   settings.
     * @param counters counters.
     * @param endpoint the server that cannot be reached.
     * @param reason   what happened and what to do.
     * @return a FAILED session.
     */
    public static ClientSession unavailable(
        final TransportAgent agent,
        final TransportConfig config,
        final TransportCounters counters,
        final Endpoint endpoint,
        final String reason)
    {
        final ClientSession session = new ClientSession(null, agent, config, counters, "", endpoint, 0);
        session.failure = reason;
        session.state = State.FAILED;
        return session;
    }

    private static String hostForUri(final String host)
    {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** @return the server this session talks to. */
    public Endpoint endpoint()
    {
        return endpoint;
    }

    /** @return the random id naming this session to the server. */
    public long clientId()
    {
        return clientId;
    }

    /** @return true when requests travel over {@code aeron:ipc} through the shared driver. */
    public boolean isIpc()
    {
        return ipc;
    }

    /** @return the current state. */
    public State state()
    {
        return state;
    }

    /** @return true in {@link State#CONNECTED}. */
    public boolean isConnected()
    {
        return state == State.CONNECTED;
    }

    /** @return for LOST/FAILED/CLOSED, what happened; "" otherwise. */
    public String failure()
    {
        return failure;
    }

    /** @return calls sent and awaiting a reply. */
    public int pendingCount()
    {
        return pending.size();
    }

    /**
     * Waits until connected or until the session can no longer connect.
     *
     * @param timeoutNs longest wait.
     * @return true when connected.
     */
    public boolean awaitConnected(final long timeoutNs)
    {
        return null == awaitConnectedUntil(System.nanoTime() + timeoutNs);
    }

    /**
     * A synchronous call without trace context or flags. See
     * {@link #call(int, long, int, String, String, String, DirectBuffer, int, int, long)}.
     */
    public Response call(
        final int serviceId, final long methodId, final DirectBuffer payload, final int offset, final int length,
        final long timeoutNs)
    {
        return call(serviceId, methodId, 0, null, null, null, payload, offset, length, timeoutNs);
    }

    /**
     * Sends a request and waits for its outcome. Never throws for transport failures: they are statuses.
     *
     * @param serviceId   service id.
     * @param methodId    method id.
     * @param flags       request flag bits ({@link io.switchboard.transport.aeron.RequestFlags}).
     * @param traceparent W3C traceparent or null.
     * @param tracestate  W3C tracestate or null.
     * @param baggage     W3C baggage or null.
     * @param payload     serialized arguments (copied before return; may be reused after).
     * @param offset      payload start.
     * @param length      payload length, at most {@code switchboard.max.message.bytes}.
     * @param timeoutNs   budget for connecting, sending and the reply.
     * @return the outcome: a wire status, or NOT_DELIVERED / CONNECTION_LOST / TIMEOUT / TOO_LARGE
     * decided locally, with a message in {@link Response#errorMessage()}.
     */
    public Response call(
        final int serviceId,
        final long methodId,
        final int flags,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long timeoutNs)
    {
        final Reply reply = new Reply();
        callInto(serviceId, methodId, flags, traceparent, tracestate, baggage, payload, offset, length, timeoutNs, reply);
        return reply.toResponse();
    }

    /**
     * Like {@link #call(int, long, int, String, String, String, DirectBuffer, int, int, long)}, without
     * allocating: the outcome goes into {@code reply}, which the calling thread reuses for its next call.
     *
     * @param reply where the outcome goes (owned by the calling thread; read it before reusing it).
     * @return {@code reply}.
     */
    public Reply callInto(
        final int serviceId,
        final long methodId,
        final int flags,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long timeoutNs,
        final Reply reply)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final Response refused = refuse(length, deadlineNs);
        if (null != refused)
        {
            reply.set(refused);
            return reply;
        }
        final PendingCall call = pending.arm(deadlineNs, Thread.currentThread(), null);
        final Response failed = send(call, serviceId, methodId, flags, traceparent, tracestate, baggage, payload, offset, length);
        if (null != failed)
        {
            reply.set(failed);
            pending.release(call);
            return reply;
        }
        await(call, timeoutNs, reply);
        return reply;
    }

    /**
     * Sends a request; {@code listener} receives the outcome once, as an immutable {@link Response} of its own
     * (a copy of the reply: one allocation per call; {@link #callAsyncView} allocates none).
     *
     * @return the correlation id.
     * @see #callAsyncView
     */
    public long callAsync(
        final int serviceId,
        final long methodId,
        final int flags,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long timeoutNs,
        final ResponseListener listener)
    {
        return callAsyncView(serviceId, methodId, flags, traceparent, tracestate, baggage, payload, offset, length,
            timeoutNs, (correlationId, reply) -> listener.onResponse(correlationId, reply.toResponse()));
    }

    /**
     * Sends a request; {@code listener} receives the outcome once, as a view of the reply in the call's pending
     * slot ({@link ReplyListener}: read it before returning), on the polling thread or on a synchronous caller's
     * thread that is polling for replies (keep it quick: the agent layer re-dispatches user callbacks), or on this
     * thread when the call fails before sending. Nothing is allocated per call once the slot's buffer fits the
     * replies. If this method throws, the listener was not called and will not be.
     *
     * @return the correlation id.
     * @see #call(int, long, int, String, String, String, DirectBuffer, int, int, long)
     */
    public long callAsyncView(
        final int serviceId,
        final long methodId,
        final int flags,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long timeoutNs,
        final ReplyListener listener)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final Response refused = refuse(length, deadlineNs);
        if (null != refused)
        {
            listener.onReply(0, local(refused));
            return 0;
        }
        final PendingCall call = pending.arm(deadlineNs, null, listener);
        final long correlationId = call.correlationId;
        final Response failed;
        try
        {
            failed = send(call, serviceId, methodId, flags, traceparent, tracestate, baggage, payload, offset, length);
        }
        catch (final RuntimeException ex)
        {
            if (pending.claim(call, correlationId))
            {
                pending.release(call); // never sent and never completed: the listener is not called
                throw ex;
            }
            errorHandler.onError(ex); // completed meanwhile (connection lost): the listener has that outcome
            return correlationId;
        }
        if (null != failed)
        {
            pending.release(call);
            listener.onReply(correlationId, local(failed));
        }
        return correlationId;
    }

    private static Reply local(final Response response)
    {
        final Reply reply = new Reply();
        reply.set(response);
        return reply;
    }

    // Before taking a slot: the checks that need none.
    private Response refuse(final int length, final long deadlineNs)
    {
        if (length > config.maxMessageBytes())
        {
            counters.oversizedMessages.incrementAndGet();
            return Response.local(CallStatus.TOO_LARGE, "request payload of " + length + " bytes exceeds " +
                TransportConfig.MAX_MESSAGE_BYTES_KEY + "=" + config.maxMessageBytes() + "; it was not sent");
        }
        return awaitConnectedUntil(deadlineNs);
    }

    // Returns the outcome when the call failed to go out and this thread took it back; the slot is then
    // the caller's to release.
    private Response send(
        final PendingCall call,
        final int serviceId,
        final long methodId,
        final int flags,
        final String traceparent,
        final String tracestate,
        final String baggage,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final Publication p = publication;
        final long correlationId = call.correlationId;
        final EnvelopeEncoder encoder = EnvelopeEncoder.current();
        final int request = encoder.encodeRequest(correlationId, clientId, serviceId, methodId, flags,
            call.deadlineNs - System.nanoTime(), traceparent, tracestate, baggage, payload, offset, length);
        final SessionSeal s = seal;
        final int encoded = null == s ? request : s.seal(encoder.buffer(), request);
        final int result = FrameSender.send(p, encoder.buffer(), 0, encoded, clientId, correlationId,
            messageIds.incrementAndGet(), call.deadlineNs, encoder);
        if (result != FrameSender.SENT && pending.claim(call, correlationId))
        {
            return Response.local(CallStatus.NOT_DELIVERED, "request to " + endpoint + " not sent: " +
                FrameSender.describe(result));
        }
        return null; // sent, or completed meanwhile (connection lost): the completer reports that outcome
    }

    private Response awaitConnectedUntil(final long deadlineNs)
    {
        int idle = 0;
        while (true)
        {
            final State s = state;
            if (s == State.CONNECTED)
            {
                return null;
            }
            if (s.ordinal() >= State.LOST.ordinal())
            {
                return Response.local(CallStatus.NOT_DELIVERED, "session to " + endpoint + " is " + s + ": " + failure);
            }
            final long now = System.nanoTime();
            if (now - deadlineNs >= 0)
            {
                return Response.local(CallStatus.NOT_DELIVERED, "not connected to " + endpoint +
                    " within the call's deadline (state " + s + ")" + noAnswerHint(s));
            }
            idle++;
            if (idle < 100)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(Math.min(deadlineNs - now, 100_000));
            }
        }
    }

    // Polls for the reply (busy for CALLER_BUSY_POLL_NS, then yielding between polls) until callerSpinNanos
    // passed, then parks until the polling thread hands the reply over. While it polls, the polling thread
    // leaves this session's replies alone: it stays parked instead of taking the core and the reply.
    private void await(final PendingCall call, final long timeoutNs, final Reply reply)
    {
        final long startNs = System.nanoTime();
        final long spinNs = config.busySpin() ? Long.MAX_VALUE : config.callerSpinNanos();
        final long parkFromNs = startNs + Math.min(spinNs, timeoutNs);
        final long yieldFromNs = startNs + (config.busySpin() ? Long.MAX_VALUE : CALLER_BUSY_POLL_NS);
        final long deadlineNs = call.deadlineNs;
        boolean polling = true;
        pollingCallers.incrementAndGet();
        try
        {
            while (!call.isDone())
            {
                final long now = System.nanoTime();
                if (now - deadlineNs >= 0)
                {
                    if (pending.claim(call, call.correlationId))
                    {
                        reply.set(Response.local(CallStatus.TIMEOUT, "no reply from " + endpoint + " within " +
                            TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms; the call may have run"));
                        pending.release(call);
                        return;
                    }
                    while (!call.isDone())
                    {
                        Thread.onSpinWait(); // the completer claimed it and is about to publish the outcome
                    }
                    break;
                }
                if (now - parkFromNs < 0)
                {
                    if (state != State.CONNECTED || pollReplies(now) == 0)
                    {
                        idleStep(now - yieldFromNs < 0);
                    }
                }
                else
                {
                    if (polling)
                    {
                        polling = false;
                        pollingCallers.decrementAndGet(); // before parking: the polling thread reads the reply now
                    }
                    call.park(this, deadlineNs - now);
                }
            }
        }
        finally
        {
            if (polling)
            {
                pollingCallers.decrementAndGet();
            }
        }
        call.handOver(reply);
        pending.release(call);
    }

    private static void idleStep(final boolean busy)
    {
        if (busy)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield(); // on a small machine the provider may need this core to answer
        }
    }

    /**
     * Says goodbye to the server (best effort) and releases the session on the polling thread; pending
     * calls complete with CONNECTION_LOST.
     */
    public void close()
    {
        final State s = state;
        if (s == State.CLOSED)
        {
            return;
        }
        final Publication p = publication;
        if (s == State.CONNECTED && null != p)
        {
            final EnvelopeEncoder encoder = EnvelopeEncoder.current();
            final int disconnect = encoder.encodeDisconnect(clientId);
            final SessionSeal sealed = seal;
            final int length = null == sealed ? disconnect : sealed.seal(encoder.buffer(), disconnect);
            FrameSender.offer(p, encoder.buffer(), 0, length, System.nanoTime());
        }
        failure = "closed by this process";
        state = State.CLOSED;
        agent.remove(this);
    }

    /**
     * {@inheritDoc}
     */
    public int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        final String refused = authFailure;
        if (null != refused && state == State.AWAITING_CONNECTED)
        {
            fail(State.FAILED, refused); // here, not in the reply handler: failing waits for the poll claim
            return 1;
        }
        final String gone = peerGone;
        if (null != gone && state.ordinal() < State.LOST.ordinal())
        {
            fail(State.LOST, gone); // here, on the polling thread, like every other failure of the session
            return 1;
        }
        final State s = state;
        switch (s)
        {
            case ADDING -> work += adding();
            case CONNECTING -> work += connecting();
            case AWAITING_CONNECTED -> work += pollReplies(nowNs);
            case CONNECTED -> work += 0 == pollingCallers.get() ? pollReplies(nowNs) : 0; // else a caller reads them
            default ->
            {
                return 0;
            }
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping();
        }
        return work;
    }

    // Called by the polling thread and by waiting callers; whoever gets the claim reads every caller's replies.
    private int pollReplies(final long nowNs)
    {
        if (!replyPollClaim.compareAndSet(false, true))
        {
            return 0;
        }
        try
        {
            final State s = state;
            if (s != State.AWAITING_CONNECTED && s != State.CONNECTED)
            {
                return 0; // resources may be released
            }
            replyNowNs = nowNs;
            return replySubscription.poll(assembler, 16);
        }
        finally
        {
            replyPollClaim.set(false);
        }
    }

    private int adding()
    {
        try
        {
            if (publicationRegistrationId < 0)
            {
                publicationRegistrationId = aeron.asyncAddPublication(requestChannel, requestStreamId);
                subscriptionRegistrationId = aeron.asyncAddSubscription(replySubscriptionChannel, replyStreamId);
                return 1;
            }
            if (null == publication)
            {
                publication = aeron.getPublication(publicationRegistrationId);
            }
            if (null == replySubscription)
            {
                replySubscription = aeron.getSubscription(subscriptionRegistrationId);
            }
            if (null == publication || null == replySubscription)
            {
                return 0;
            }
            if (ipc)
            {
                replyChannel = "aeron:ipc?term-length=" + config.termLength();
            }
            else
            {
                final String resolved = replySubscription.tryResolveChannelEndpointPort();
                if (null == resolved)
                {
                    return 0;
                }
                final String bound = ChannelUri.parse(resolved).get("endpoint");
                replyChannel = "aeron:udp?endpoint=" + hostForUri(config.host()) + ":" +
                    bound.substring(bound.lastIndexOf(':') + 1) + "|term-length=" + config.termLength();
            }
            state = State.CONNECTING;
            return 1;
        }
        catch (final RegistrationException ex)
        {
            fail(State.FAILED, "Aeron refused a channel for " + endpoint + ": " + ex.getMessage());
            return 1;
        }
    }

    private int connecting()
    {
        if (publication.isConnected())
        {
            final EnvelopeEncoder encoder = EnvelopeEncoder.current();
            if (null != config.authSecret() && null == handshake)
            {
                handshake = Handshake.client(config.authSecret(), config.encrypt(), clientId, replyChannel, replyStreamId);
            }
            final int length = encoder.encodeConnect(clientId, replyChannel, replyStreamId,
                null == handshake ? null : handshake.clientHalf());
            if (FrameSender.offer(publication, encoder.buffer(), 0, length, nowNs) == FrameSender.SENT)
            {
                state = State.AWAITING_CONNECTED;
                return 1;
            }
        }
        return 0;
    }

    private int housekeeping()
    {
        final State s = state;
        if (s == State.CONNECTED)
        {
            if (!publication.isConnected() || replySubscription.imageCount() == 0)
            {
                fail(State.LOST, "server at " + endpoint + " went away (" +
                    (publication.isConnected() ? "its reply image closed" : "request publication disconnected") + ")");
                return 1;
            }
        }
        else if (s.ordinal() < State.CONNECTED.ordinal() && nowNs - createdNs > config.connectTimeout().toNanos())
        {
            fail(State.FAILED, "could not connect to " + endpoint + " within " +
                config.connectTimeout().toMillis() + " ms (state " + s + "); is the server running and reachable?" +
                noAnswerHint(s));
            return 1;
        }
        int work = expire(nowNs);
        if (replyPollClaim.compareAndSet(false, true)) // else a caller is polling: expire next time
        {
            try
            {
                work += chunks.expire(nowNs);
            }
            finally
            {
                replyPollClaim.set(false);
            }
        }
        return work;
    }

    private String noAnswerHint(final State s)
    {
        if (s != State.AWAITING_CONNECTED)
        {
            return "";
        }
        return null == config.authSecret() ?
            "; the provider did not answer Connect: if it requires a shared secret, give this process the same one " +
                "(SWITCHBOARD_AUTH_SECRET or switchboard.auth.secret.file)" :
            "; the provider did not answer Connect: if it has a different shared secret it ignores this process";
    }

    private int expire(final long nowNs)
    {
        int work = 0;
        for (int i = 0, n = pending.capacity(); i < n; i++)
        {
            work += expire(pending.slot(i), nowNs);
        }
        if (pending.hasOverflow())
        {
            for (final PendingCall call : pending.overflow())
            {
                work += expire(call, nowNs);
            }
        }
        return work;
    }

    private int expire(final PendingCall call, final long nowNs)
    {
        final long id = call.armedId(); // read before the deadline: a slot armed again since fails the claim
        if (0 != id && nowNs - call.deadlineNs >= 0 && pending.claim(call, id))
        {
            completeCall(call, Response.local(CallStatus.TIMEOUT, "no reply from " + endpoint +
                " before the deadline; the call may have run"));
            return 1;
        }
        return 0;
    }

    private void completeAll(final Response outcome)
    {
        for (int i = 0, n = pending.capacity(); i < n; i++)
        {
            final PendingCall call = pending.slot(i);
            if (pending.claim(call, call.armedId()))
            {
                completeCall(call, outcome);
            }
        }
        for (final PendingCall call : pending.overflow())
        {
            if (pending.claim(call, call.armedId()))
            {
                completeCall(call, outcome);
            }
        }
    }

    private void fail(final State newState, final String reason)
    {
        failure = reason;
        state = newState;
        completeAll(Response.local(CallStatus.CONNECTION_LOST, reason + "; the call may have run"));
        releaseAeronResources();
    }

    private void releaseAeronResources()
    {
        final Publication p = publication;
        if (null != p)
        {
            p.close();
        }
        if (null != replySubscription)
        {
            // A caller may be polling it: wait for its claim (held for one poll) before closing.
            while (!replyPollClaim.compareAndSet(false, true))
            {
                Thread.onSpinWait();
            }
            try
            {
                replySubscription.close();
            }
            finally
            {
                replyPollClaim.set(false);
            }
        }
    }

    /**
     * Says that the server's process is known to have exited (for example its pid is gone, on this host): the
     * polling thread then fails the session ({@link State#LOST}) and its calls in flight with CONNECTION_LOST at
     * once, rather than when the shared driver times the dead client out. Any thread.
     *
     * @param reason what happened, for the failed calls' messages.
     */
    public void peerGone(final String reason)
    {
        peerGone = reason;
    }

    /**
     * {@inheritDoc}
     */
    public void onDriverLost(final String reason)
    {
        if (state.ordinal() < State.LOST.ordinal())
        {
            fail(State.LOST, reason);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        if (state != State.CLOSED)
        {
            failure = "transport closed";
            state = State.CLOSED;
        }
        completeAll(Response.local(CallStatus.CONNECTION_LOST, "session to " + endpoint +
            " closed before the reply; the call may have run"));
        releaseAeronResources();
    }

    // By the thread that claimed the call.
    private void completeCall(final PendingCall call, final Response response)
    {
        completed(call, call.complete(response));
    }

    private void completed(final PendingCall call, final Throwable listenerError)
    {
        if (call.isAsync())
        {
            pending.release(call); // a synchronous caller releases its slot once it has taken the outcome
        }
        if (null != listenerError)
        {
            counters.callbackErrors.incrementAndGet();
            errorHandler.onError(listenerError);
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        try
        {
            onMessage(buffer, offset, length, false);
        }
        catch (final Throwable t)
        {
            counters.malformedFrames.incrementAndGet();
            errorHandler.onError(t);
        }
    }

    private void onMessage(final DirectBuffer frame, final int frameOffset, final int frameLength, final boolean reassembled)
    {
        DirectBuffer buffer = frame;
        int offset = frameOffset;
        int length = frameLength;
        final SessionSeal s = seal;
        if (null != s && length >= Envelope.HEADER_LENGTH &&
            Envelope.templateId(frame, frameOffset) == ResponseDecoder.TEMPLATE_ID)
        {
            final int opened = s.open(frame, frameOffset, frameLength);
            if (opened < 0)
            {
                counters.framesUnauthenticated.incrementAndGet(); // forged or replayed: its caller times out
                return;
            }
            buffer = SessionSeal.opened();
            offset = 0;
            length = opened;
        }
        final int templateId = Envelope.check(buffer, offset, length);
        if (templateId < 0)
        {
            switch (templateId)
            {
                case Envelope.TRUNCATED -> counters.truncatedFrames.incrementAndGet();
                case Envelope.UNKNOWN_SCHEMA -> counters.unknownSchema.incrementAndGet();
                case Envelope.UNSUPPORTED_VERSION -> counters.unsupportedVersion.incrementAndGet();
                case Envelope.UNKNOWN_TEMPLATE -> counters.unknownTemplate.incrementAndGet();
                default -> counters.malformedFrames.incrementAndGet();
            }
            return;
        }
        switch (templateId)
        {
            case ResponseDecoder.TEMPLATE_ID -> onResponse(buffer, offset);
            case ChunkDecoder.TEMPLATE_ID ->
            {
                if (reassembled)
                {
                    counters.malformedFrames.incrementAndGet();
                }
                else
                {
                    onChunk(buffer, offset);
                }
            }
            case ConnectedDecoder.TEMPLATE_ID ->
            {
                connectedDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (connectedDecoder.clientId() == clientId && state == State.AWAITING_CONNECTED && null == authFailure)
                {
                    onConnected();
                }
            }
            default -> counters.unknownTemplate.incrementAndGet();
        }
    }

    private void onConnected()
    {
        if (null != handshake)
        {
            final byte[] half = new byte[connectedDecoder.authLength()];
            connectedDecoder.getAuth(half, 0, half.length);
            final SessionSeal accepted = handshake.accept(half);
            if (null == accepted)
            {
                counters.framesUnauthenticated.incrementAndGet();
                authFailure = "provider at " + endpoint + " did not prove it knows the shared secret (" +
                    (half.length == 0 ? "it runs without one" : "it has a different one") + "); no call is sent to " +
                    "it: give it the same secret, or stop it if it is not yours";
                return;
            }
            seal = accepted;
        }
        state = State.CONNECTED;
    }

    private void onResponse(final DirectBuffer buffer, final int offset)
    {
        responseDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long correlationId = responseDecoder.correlationId();
        final PendingCall call = pending.claim(correlationId);
        if (null == call)
        {
            counters.lateReplies.incrementAndGet();
            return;
        }
        final CallStatus status = CallStatus.fromWire(responseDecoder.status());
        final int flags = buffer.getShort(responseDecoder.offset() + ResponseDecoder.flagsEncodingOffset(),
            java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int length = responseDecoder.payloadLength();
        if (length > config.maxMessageBytes())
        {
            counters.oversizedMessages.incrementAndGet();
            completeCall(call, Response.replyDropped(CallStatus.TOO_LARGE, tooLarge(length)));
            return;
        }
        final byte[] payload = call.replyBuffer(length);
        responseDecoder.getPayload(payload, 0, length);
        completed(call, call.completeReply(status, flags, payload, length));
    }

    private void onChunk(final DirectBuffer buffer, final int offset)
    {
        chunkDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final long correlationId = chunkDecoder.correlationId();
        final int total = chunkDecoder.totalLength();
        final int chunkOffset = chunkDecoder.chunkOffset();
        final long messageId = chunkDecoder.messageId();
        chunkDecoder.wrapData(chunkData);
        final int result = chunks.onChunk(0, messageId, total, chunkOffset, chunkData, 0, chunkData.capacity(), replyNowNs);
        switch (result)
        {
            case ChunkAssembler.COMPLETE -> onMessage(chunks.completedBuffer(), 0, chunks.completedLength(), true);
            case ChunkAssembler.TOO_LARGE, ChunkAssembler.FULL ->
            {
                if (result == ChunkAssembler.TOO_LARGE)
                {
                    counters.oversizedMessages.incrementAndGet();
                }
                else
                {
                    counters.assembliesRefused.incrementAndGet();
                }
                final PendingCall call = pending.claim(correlationId);
                if (null != call)
                {
                    // The provider answered, so the call ran (or may have): a plain call must not be re-sent.
                    completeCall(call, Response.replyDropped(result == ChunkAssembler.TOO_LARGE ? CallStatus.TOO_LARGE :
                        CallStatus.OVERLOADED, result == ChunkAssembler.TOO_LARGE ? tooLarge(total) :
                        "this caller was already reassembling " + config.maxConcurrentAssemblies() + " large replies " +
                            "and dropped this one; the call may have run, so it is not re-sent"));
                }
            }
            case ChunkAssembler.DROPPED -> counters.chunksDropped.incrementAndGet();
            default ->
            {
            }
        }
    }

    private String tooLarge(final int bytes)
    {
        return "response of " + bytes + " bytes exceeds this caller's " + TransportConfig.MAX_MESSAGE_BYTES_KEY + "=" +
            config.maxMessageBytes() + "; the call ran but its result was dropped";
    }

    /** @return endpoint and state. */
    public String toString()
    {
        return "ClientSession{" + endpoint + ", " + (ipc ? "ipc" : "udp") + ", " + state + "}";
    }
}
