package io.switchboard.transport.aeron.server;

import io.aeron.Publication;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportCounters;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.auth.Handshake;
import io.switchboard.transport.aeron.auth.SessionSeal;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.codec.FrameSender;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One connected client as a server sees it: the reply publication the server added to the client's
 * reply channel, and the {@link Responder} that writes to it. State changes happen on the polling
 * thread; {@link #reply} may be called from any thread. In an authenticated session every reply is
 * sealed with the session's keys ({@link SessionSeal}).
 * <p>
 * Requests handed to the handler count as in flight until the handler replies ({@link #reply}); the
 * server's own refusals ({@link #refuse}) answer requests that never were in flight.
 */
final class ServerClient implements Responder
{
    enum State
    {
        ADDING, CONNECTING, ACTIVE, CLOSED
    }

    final long clientId;
    final String replyChannel;
    final int replyStreamId;
    final long registrationId;
    final long createdNs;
    final String source;
    State state = State.ADDING;
    long disconnectedSinceNs;
    /** A valid request was handed to the handler: the session is not an idle squatter. */
    boolean proven;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Publication publication;
    private final AtomicLong messageIds = new AtomicLong();
    private final TransportConfig config;
    private final TransportCounters counters;
    final Handshake.Accepted handshake;

    ServerClient(
        final long clientId,
        final String replyChannel,
        final int replyStreamId,
        final long registrationId,
        final long nowNs,
        final String source,
        final TransportConfig config,
        final TransportCounters counters,
        final Handshake.Accepted handshake)
    {
        this.source = source;
        this.handshake = handshake;
        this.clientId = clientId;
        this.replyChannel = replyChannel;
        this.replyStreamId = replyStreamId;
        this.registrationId = registrationId;
        this.createdNs = nowNs;
        this.config = config;
        this.counters = counters;
    }

    /** @return the server's half of the handshake for Connected, or null without authentication. */
    byte[] serverHalf()
    {
        return null == handshake ? null : handshake.serverHalf();
    }

    /** @return the session's seal, or null without authentication. */
    SessionSeal seal()
    {
        return null == handshake ? null : handshake.seal();
    }

    void publication(final Publication publication)
    {
        this.publication = publication;
    }

    Publication publication()
    {
        return publication;
    }

    void close()
    {
        state = State.CLOSED;
        final Publication p = publication;
        publication = null;
        if (null != p)
        {
            p.close();
        }
    }

    public long clientId()
    {
        return clientId;
    }

    public boolean isConnected()
    {
        final Publication p = publication;
        return null != p && p.isConnected();
    }

    /**
     * Takes an in-flight slot for a request about to be handed to the handler.
     *
     * @param max the session's limit.
     * @return false when {@code max} requests are in flight already: refuse this one.
     */
    boolean tryAdmit(final int max)
    {
        if (inFlight.incrementAndGet() > max)
        {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    /** @return requests handed to the handler and not yet answered. */
    int inFlight()
    {
        return inFlight.get();
    }

    public boolean reply(final long correlationId, final CallStatus status, final DirectBuffer payload, final int offset, final int length)
    {
        inFlight.decrementAndGet();
        return send(correlationId, status, payload, offset, length);
    }

    /**
     * Answers a request the server refused before handing it to the handler.
     */
    boolean refuse(final long correlationId, final CallStatus status, final DirectBuffer message, final int length)
    {
        return send(correlationId, status, message, 0, length);
    }

    /**
     * Answers a request the server refused before handing it to the handler.
     */
    boolean refuse(final long correlationId, final CallStatus status, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return send(correlationId, status, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private boolean send(final long correlationId, final CallStatus status, final DirectBuffer payload, final int offset, final int length)
    {
        if (!status.isWire())
        {
            throw new IllegalArgumentException(status + " is decided by the caller and cannot be sent as a reply");
        }
        if (length > config.maxMessageBytes())
        {
            counters.oversizedMessages.incrementAndGet();
            refuse(correlationId, CallStatus.TOO_LARGE, "response of " + length + " bytes exceeds the provider's " +
                TransportConfig.MAX_MESSAGE_BYTES_KEY + "=" + config.maxMessageBytes());
            return false;
        }
        final Publication p = publication;
        if (null == p)
        {
            counters.responsesNotSent.incrementAndGet();
            return false;
        }
        final EnvelopeEncoder encoder = EnvelopeEncoder.current();
        final int response = encoder.encodeResponse(correlationId, status.wire(), status.mayHaveRun() ? 0 : 1, payload, offset, length);
        final int encoded = null == handshake ? response : handshake.seal().seal(encoder.buffer(), response);
        final int result = FrameSender.send(p, encoder.buffer(), 0, encoded, clientId, correlationId,
            messageIds.incrementAndGet(), System.nanoTime() + config.replyTimeout().toNanos(), encoder);
        if (result == FrameSender.SENT)
        {
            counters.responsesSent.incrementAndGet();
            return true;
        }
        counters.responsesNotSent.incrementAndGet();
        return false;
    }

    public boolean replyError(final long correlationId, final CallStatus status, final String message)
    {
        final byte[] bytes = (null == message ? "" : message).getBytes(StandardCharsets.UTF_8);
        return reply(correlationId, status, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    public String toString()
    {
        return "ServerClient{clientId=" + clientId + ", replyChannel=" + replyChannel + ", replyStreamId=" +
            replyStreamId + ", source=" + source + ", state=" + state + "}";
    }
}
