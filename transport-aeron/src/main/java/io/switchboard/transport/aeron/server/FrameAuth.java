package io.switchboard.transport.aeron.server;

import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.TransportCounters;
import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.auth.Handshake;
import io.switchboard.transport.aeron.auth.SessionSeal;
import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.sbe.ConnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.DisconnectDecoder;
import io.switchboard.transport.aeron.codec.sbe.RequestDecoder;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

/**
 * The server's side of authentication: checks each Connect's proof of the shared secret (a Connect
 * without it gets no reply publication: cheap, counted, logged at most every {@link #LOG_INTERVAL_NS}),
 * and says which frames of a session are sealed. Runs on the polling thread.
 */
final class FrameAuth
{
    static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final AuthSecret secret;
    private final boolean encrypt;
    private final TransportCounters counters;
    private final ErrorHandler errorHandler;
    private long refusedSinceLog;
    private long nextLogNs;
    private long frameRefusalsSinceLog;
    private long nextFrameLogNs;

    FrameAuth(final TransportConfig config, final TransportCounters counters)
    {
        this.secret = config.authSecret();
        this.encrypt = config.encrypt();
        this.counters = counters;
        this.errorHandler = config.errorHandler();
        this.nextLogNs = System.nanoTime(); // nanoTime may be negative: start the clock at now
        this.nextFrameLogNs = nextLogNs;
    }

    /** @return true when sessions must prove the shared secret. */
    boolean enabled()
    {
        return null != secret;
    }

    /**
     * @param decoder a Connect positioned after its reply channel.
     * @return the accepted handshake, or null (counted and logged) when the proof is missing or wrong.
     */
    Handshake.Accepted accept(
        final long clientId, final String replyChannel, final int replyStreamId, final ConnectDecoder decoder, final long nowNs)
    {
        final byte[] half = new byte[decoder.authLength()];
        decoder.getAuth(half, 0, half.length);
        final Handshake.Accepted accepted = Handshake.serve(secret, encrypt, clientId, replyChannel, replyStreamId, half);
        if (null == accepted)
        {
            counters.connectsUnauthenticated.incrementAndGet();
            refusedSinceLog++;
            if (nowNs - nextLogNs >= 0)
            {
                nextLogNs = nowNs + LOG_INTERVAL_NS;
                errorHandler.onError(new Refusal("refused " + refusedSinceLog + " Connect(s) that did not prove the " +
                    "shared secret (last: client " + clientId + ", reply channel " + replyChannel + ", " +
                    (half.length == 0 ? "no proof: the consumer has no secret" : "wrong proof: a different secret") +
                    "); give consumers the same secret (SWITCHBOARD_AUTH_SECRET or switchboard.auth.secret.file)"));
                refusedSinceLog = 0;
            }
        }
        return accepted;
    }

    /**
     * @return true for the templates a client seals in an authenticated session.
     */
    static boolean isSealed(final int templateId)
    {
        return templateId == RequestDecoder.TEMPLATE_ID || templateId == DisconnectDecoder.TEMPLATE_ID;
    }

    /**
     * @return the client id of a sealed frame (read before its tag is checked, only to find the session's
     * key), or 0 when the frame is too short to hold one.
     */
    static long senderId(final DirectBuffer buffer, final int offset, final int length, final int templateId)
    {
        final int at = Envelope.HEADER_LENGTH + (templateId == RequestDecoder.TEMPLATE_ID ?
            RequestDecoder.clientIdEncodingOffset() : DisconnectDecoder.clientIdEncodingOffset());
        return length < at + 8 ? 0 : buffer.getLong(offset + at, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Counts a sealed frame that failed to open and, for a request, answers UNAUTHENTICATED to the
     * session (only its real owner can read the answer). Nothing runs.
     */
    void refuse(
        final ServerClient c, final int result, final DirectBuffer buffer, final int offset, final int length,
        final int templateId, final long nowNs)
    {
        counters.framesUnauthenticated.incrementAndGet();
        frameRefusalsSinceLog++;
        if (nowNs - nextFrameLogNs >= 0)
        {
            nextFrameLogNs = nowNs + LOG_INTERVAL_NS;
            errorHandler.onError(new Refusal("refused " + frameRefusalsSinceLog + " frame(s) of authenticated " +
                "sessions (last: client " + c.clientId + ", " + SessionSeal.describe(result) + "); nothing ran"));
            frameRefusalsSinceLog = 0;
        }
        if (templateId == RequestDecoder.TEMPLATE_ID && Envelope.hasRequestIds(buffer, offset, length))
        {
            c.replyError(Envelope.requestCorrelationId(buffer, offset), CallStatus.UNAUTHENTICATED,
                "request refused: " + SessionSeal.describe(result) + "; it was not run");
        }
    }

    /** A refusal for the log: no stack trace, it is not a bug. */
    static final class Refusal extends SecurityException
    {
        private static final long serialVersionUID = 1L;

        Refusal(final String message)
        {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    }
}
