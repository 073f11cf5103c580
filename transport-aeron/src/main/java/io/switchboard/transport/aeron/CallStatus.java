package io.switchboard.transport.aeron;

import io.switchboard.transport.aeron.codec.sbe.Status;

/**
 * The outcome of one call: the statuses a server can put on the wire, plus three that only the
 * calling side can know ({@link #NOT_DELIVERED}, {@link #CONNECTION_LOST}, {@link #TIMEOUT}).
 * <p>
 * What a caller may do next depends on whether the request may have run:
 * {@link #NOT_DELIVERED} is safe to send elsewhere; {@link #CONNECTION_LOST} and {@link #TIMEOUT}
 * are safe to re-send only for idempotent methods.
 */
public enum CallStatus
{
    /** The call ran; the payload is the serialized result. */
    OK(Status.OK),
    /** The method threw; the payload is the serialized exception. */
    APPLICATION_ERROR(Status.APPLICATION_ERROR),
    /** No such service at this endpoint. */
    UNKNOWN_SERVICE(Status.UNKNOWN_SERVICE),
    /** The service does not have this method id (the caller and provider disagree on the interface). */
    UNKNOWN_METHOD(Status.UNKNOWN_METHOD),
    /** The frame could not be decoded (bad lengths, unknown schema or version). */
    BAD_REQUEST(Status.BAD_REQUEST),
    /** The payload was refused, e.g. a class outside the allow-list. */
    PAYLOAD_REJECTED(Status.PAYLOAD_REJECTED),
    /** The message exceeds {@code switchboard.max.message.bytes} on the sender or the receiver. */
    TOO_LARGE(Status.TOO_LARGE),
    /** The provider refused the call for lack of capacity; it did not run. */
    OVERLOADED(Status.OVERLOADED),
    /** The provider is stopping; it did not run. */
    SHUTTING_DOWN(Status.SHUTTING_DOWN),
    /** The caller is not authenticated; it did not run. */
    UNAUTHENTICATED(Status.UNAUTHENTICATED),
    /** The request arrived (or would have started) after its deadline; it did not run. */
    DEADLINE_EXCEEDED(Status.DEADLINE_EXCEEDED),
    /** The provider failed outside the application method. */
    INTERNAL_ERROR(Status.INTERNAL_ERROR),

    /** Provably not sent: not connected, closed, or back-pressured until the deadline. Safe to send elsewhere. */
    NOT_DELIVERED(null),
    /** Sent, then the provider went away before replying: the call may have run. */
    CONNECTION_LOST(null),
    /** Sent, and no reply came before the deadline: the call may have run. */
    TIMEOUT(null);

    private static final CallStatus[] BY_WIRE = new CallStatus[Status.values().length];

    static
    {
        for (final CallStatus status : values())
        {
            if (null != status.wire)
            {
                BY_WIRE[status.wire.value()] = status;
            }
        }
    }

    private final Status wire;

    CallStatus(final Status wire)
    {
        this.wire = wire;
    }

    /**
     * @return the wire status, or null for a status only the caller can know.
     */
    public Status wire()
    {
        return wire;
    }

    /**
     * @return true when the call may have run at the provider (OK, APPLICATION_ERROR, INTERNAL_ERROR,
     * CONNECTION_LOST, TIMEOUT); false when it certainly did not, so it is safe to send elsewhere.
     */
    public boolean mayHaveRun()
    {
        return this == OK || this == APPLICATION_ERROR || this == INTERNAL_ERROR || this == CONNECTION_LOST ||
            this == TIMEOUT;
    }

    /**
     * @return true when a server may put this status on the wire.
     */
    public boolean isWire()
    {
        return null != wire;
    }

    /**
     * @param wire status decoded from a Response.
     * @return the matching call status; {@link #INTERNAL_ERROR} for {@code NULL_VAL} or an unknown value.
     */
    public static CallStatus fromWire(final Status wire)
    {
        if (null == wire || wire == Status.NULL_VAL)
        {
            return INTERNAL_ERROR;
        }
        final CallStatus status = BY_WIRE[wire.value()];
        return null == status ? INTERNAL_ERROR : status;
    }
}
