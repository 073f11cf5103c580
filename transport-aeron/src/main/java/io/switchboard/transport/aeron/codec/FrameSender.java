package io.switchboard.transport.aeron.codec;

import io.aeron.Publication;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;

/**
 * Offers an encoded message on a publication, in {@code Chunk}s when it exceeds the publication's
 * maximum message length, retrying back-pressure until a deadline. All offer results are handled
 * here, in one place.
 * <p>
 * Hot path: no allocation; back-pressure backs off by spinning, yielding, then parking 1 µs..50 µs.
 */
public final class FrameSender
{
    /** Every byte was offered. */
    public static final int SENT = 1;
    /** Refused at once: not connected, closed, or max position exceeded. Nothing (or nothing whole) was sent. */
    public static final int REFUSED = -1;
    /** Back-pressured (or admin action) until the deadline. Nothing whole was sent. */
    public static final int BACK_PRESSURED = -2;

    private FrameSender()
    {
    }

    /**
     * @param publication    where to offer.
     * @param buffer         encoded message.
     * @param offset         start of the message.
     * @param length         length of the message.
     * @param clientId       client id recorded in chunks.
     * @param correlationId  correlation id recorded in chunks.
     * @param messageId      id unique per sender, recorded in chunks.
     * @param deadlineNs     {@link System#nanoTime()} after which back-pressure is given up.
     * @param encoder        encoder whose chunk buffer may be used.
     * @return {@link #SENT}, {@link #REFUSED} or {@link #BACK_PRESSURED}.
     */
    public static int send(
        final Publication publication,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long clientId,
        final long correlationId,
        final long messageId,
        final long deadlineNs,
        final EnvelopeEncoder encoder)
    {
        final int maxMessage = publication.maxMessageLength();
        if (length <= maxMessage)
        {
            return offer(publication, buffer, offset, length, deadlineNs);
        }
        final int chunkData = maxMessage - EnvelopeEncoder.chunkOverhead();
        for (int position = 0; position < length; position += chunkData)
        {
            final int dataLength = Math.min(chunkData, length - position);
            final int chunkLength = encoder.encodeChunk(
                clientId, correlationId, messageId, length, position, buffer, offset + position, dataLength);
            final int result = offer(publication, encoder.chunkBuffer(), 0, chunkLength, deadlineNs);
            if (result != SENT)
            {
                return result;
            }
        }
        return SENT;
    }

    /**
     * Offers one message, retrying back-pressure until the deadline.
     *
     * @return {@link #SENT}, {@link #REFUSED} or {@link #BACK_PRESSURED}.
     */
    public static int offer(
        final Publication publication, final DirectBuffer buffer, final int offset, final int length, final long deadlineNs)
    {
        int attempts = 0;
        while (true)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return SENT;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION)
            {
                return REFUSED; // NOT_CONNECTED, CLOSED, MAX_POSITION_EXCEEDED: retrying will not help.
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return BACK_PRESSURED;
            }
            attempts++;
            if (attempts < 20)
            {
                Thread.onSpinWait();
            }
            else if (attempts < 40)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(Math.min(50_000, 1_000L << Math.min(attempts - 40, 6)));
            }
        }
    }

    /**
     * @param result a result of {@link #send} or {@link #offer}.
     * @return a short reason.
     */
    public static String describe(final int result)
    {
        return switch (result)
        {
            case SENT -> "sent";
            case REFUSED -> "publication not connected or closed";
            case BACK_PRESSURED -> "back-pressured until the deadline";
            default -> "unknown send result " + result;
        };
    }
}
