package io.switchboard.transport.aeron.server;

import io.switchboard.transport.aeron.CallStatus;
import org.agrona.DirectBuffer;

/**
 * Sends replies to one connected client. Thread-safe: use it from any thread, any time after the
 * request arrived. A reply to a client that has gone returns false and is counted.
 * <p>
 * Hot path: {@link #reply}; no allocation once the thread's encoder has grown.
 */
public interface Responder
{
    /**
     * Sends a reply, retrying back-pressure for up to the configured reply timeout.
     *
     * @param correlationId the request's {@link InboundRequest#correlationId()}.
     * @param status        a wire status ({@link CallStatus#isWire()}).
     * @param payload       result or serialized exception; may be null when length is 0.
     * @param offset        payload start.
     * @param length        payload length.
     * @return true when the reply was handed to Aeron; false when the client is gone, back-pressure
     * outlasted the reply timeout, or the reply exceeds {@code switchboard.max.message.bytes} (then a
     * TOO_LARGE reply is attempted instead).
     */
    boolean reply(long correlationId, CallStatus status, DirectBuffer payload, int offset, int length);

    /**
     * Sends an error reply whose payload is a UTF-8 message.
     *
     * @param correlationId the request's correlation id.
     * @param status        a wire status other than OK.
     * @param message       what happened and what to do.
     * @return as {@link #reply}.
     */
    boolean replyError(long correlationId, CallStatus status, String message);

    /**
     * @return the client's id (random, chosen by the client).
     */
    long clientId();

    /**
     * @return true while the client's reply publication is connected.
     */
    boolean isConnected();
}
