package io.switchboard.agent.call.outcome;

/**
 * What happened to the remote calls of a service, as counted per service by {@link CallOutcomes}.
 *
 * <p>Every call ends in exactly one of {@link #OK}, {@link #TIMED_OUT}, {@link #REJECTED},
 * {@link #FALLBACK} and {@link #FAILED}, so their sum is the number of calls. {@link #RETRIED} and
 * {@link #FAILED_OVER} count re-sends along the way (a call may be re-sent more than once).
 */
public enum Outcome
{
    /** The provider answered: a result, or an exception thrown by the method itself. */
    OK("ok"),
    /** A re-send to another provider after the request may have run (an {@code @Idempotent} call). */
    RETRIED("retried"),
    /** A re-send to another provider after the request provably did not run (not delivered, refused). */
    FAILED_OVER("failed_over"),
    /** The call ended with {@code RpcTimeoutException}. */
    TIMED_OUT("timed_out"),
    /** The call ended refused: every provider's circuit open, or the last provider overloaded or shutting down. */
    REJECTED("rejected"),
    /** No provider could serve and a fallback answered (the local implementation or the service's fallback class). */
    FALLBACK("fallback"),
    /** The call ended with any other {@code RpcException} (no provider, not delivered, connection lost, ...). */
    FAILED("failed");

    private static final Outcome[] VALUES = values();

    private final String label;

    Outcome(final String label)
    {
        this.label = label;
    }

    /**
     * @return the name in tables, metrics and counter labels, e.g. {@code failed_over}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param ordinal an ordinal, as stored in a counter's key.
     * @return the outcome, or {@code null} for an unknown one (a newer writer).
     */
    public static Outcome ofOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
