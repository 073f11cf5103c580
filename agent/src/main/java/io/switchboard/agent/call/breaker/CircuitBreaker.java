package io.switchboard.agent.call.breaker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breaker of one provider instance, as this consumer sees it.
 *
 * <pre>
 *   CLOSED --(N failures in a row, or failure rate over the window)--> OPEN
 *   OPEN   --(open time elapsed, on the next call that asks)---------> HALF_OPEN
 *   HALF_OPEN --(every probe succeeded)--> CLOSED
 *   HALF_OPEN --(a probe failed)---------> OPEN
 * </pre>
 *
 * <p>Failures are transport outcomes only (not delivered, connection lost, timeout, overloaded,
 * shutting down); an exception thrown by the provider's method is an answer, so a success here.
 * An open circuit's provider is skipped by the load balancer; a half-open one takes at most
 * {@link BreakerSettings#halfOpenCalls()} probes at a time.
 *
 * <p>Hot path: {@link #tryAcquire} in the closed state is one volatile read; recording an outcome
 * is one CAS. Transitions are rare and synchronized; each is reported once to the listener.
 */
public final class CircuitBreaker
{
    /** The states of a circuit. */
    public enum State
    {
        /** Calls go through; outcomes are recorded. */
        CLOSED,
        /** The provider is skipped until the open time has elapsed. */
        OPEN,
        /** A few probe calls go through; their outcomes decide between CLOSED and OPEN. */
        HALF_OPEN
    }

    /** Told once about each transition, on the thread that caused it. */
    @FunctionalInterface
    public interface Listener
    {
        /**
         * @param breaker the breaker.
         * @param to      its new state.
         * @param why     what caused the transition, for the log.
         */
        void onTransition(CircuitBreaker breaker, State to, String why);
    }

    private final BreakerSettings settings;
    private final Listener listener;
    private final OutcomeHistory history = new OutcomeHistory();
    private final AtomicInteger probesLeft = new AtomicInteger();
    private final AtomicInteger probeSuccessesNeeded = new AtomicInteger();
    private volatile State state = State.CLOSED;
    private volatile long openUntilNs;

    /**
     * @param settings the thresholds.
     * @param listener told about transitions.
     */
    public CircuitBreaker(final BreakerSettings settings, final Listener listener)
    {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * @return the current state.
     */
    public State state()
    {
        return state;
    }

    /**
     * Read-only: whether a call could be let through now (for the load balancer's filtering).
     *
     * @param nowNs {@link System#nanoTime()}.
     * @return {@code true} when closed, open past its open time, or half-open with a probe to spare.
     */
    public boolean allows(final long nowNs)
    {
        final State current = state;
        return State.CLOSED == current ||
            (State.OPEN == current && nowNs - openUntilNs >= 0) ||
            (State.HALF_OPEN == current && probesLeft.get() > 0);
    }

    /**
     * Asks to send one call; in the half-open state this takes one of the probes.
     *
     * @param nowNs {@link System#nanoTime()}.
     * @return {@code true} when the call may go to this provider.
     */
    public boolean tryAcquire(final long nowNs)
    {
        State current = state;
        if (State.CLOSED == current)
        {
            return true;
        }
        if (State.OPEN == current)
        {
            if (nowNs - openUntilNs < 0)
            {
                return false;
            }
            current = halfOpen();
        }
        if (State.HALF_OPEN == current)
        {
            int left;
            do
            {
                left = probesLeft.get();
                if (left <= 0)
                {
                    return false;
                }
            }
            while (!probesLeft.compareAndSet(left, left - 1));
            return true;
        }
        return State.CLOSED == current;
    }

    /**
     * Records a call that the provider answered (with a result or its method's exception).
     *
     * @return the new state when this outcome changed it, else {@code null}.
     */
    public State onSuccess()
    {
        final State current = state;
        if (State.HALF_OPEN == current)
        {
            return 0 == probeSuccessesNeeded.decrementAndGet() ? close() : null;
        }
        if (State.CLOSED == current)
        {
            history.record(false);
        }
        return null; // an answer that arrives while open changes nothing: the open time runs its course
    }

    /**
     * Records a call that failed at the transport level.
     *
     * @param nowNs {@link System#nanoTime()}.
     * @param cause what happened, e.g. {@code TIMEOUT}, for the log.
     * @return the new state when this outcome changed it, else {@code null}.
     */
    public State onFailure(final long nowNs, final String cause)
    {
        final State current = state;
        if (State.HALF_OPEN == current)
        {
            return open(nowNs, State.HALF_OPEN, "a probe call failed (" + cause + ")");
        }
        if (State.CLOSED != current)
        {
            return null;
        }
        final long outcomes = history.record(true);
        final int inARow = OutcomeHistory.consecutiveFailures(outcomes);
        if (settings.consecutiveFailures() > 0 && inARow >= settings.consecutiveFailures())
        {
            return open(nowNs, State.CLOSED, inARow + " failures in a row (last: " + cause + ")");
        }
        final int window = settings.window();
        if (settings.failureRatePercent() > 0 && OutcomeHistory.recorded(outcomes) >= window)
        {
            final int failed = OutcomeHistory.failures(outcomes, window);
            if (failed * 100 >= settings.failureRatePercent() * window)
            {
                return open(nowNs, State.CLOSED, failed + " of the last " + window + " calls failed (last: " + cause + ")");
            }
        }
        return null;
    }

    private synchronized State open(final long nowNs, final State from, final String why)
    {
        if (state != from)
        {
            return null; // another thread made this transition
        }
        openUntilNs = nowNs + settings.openNs();
        state = State.OPEN;
        listener.onTransition(this, State.OPEN, why + "; skipped for " + settings.openNs() / 1_000_000L + " ms");
        return State.OPEN;
    }

    private synchronized State halfOpen()
    {
        if (State.OPEN == state)
        {
            probesLeft.set(settings.halfOpenCalls());
            probeSuccessesNeeded.set(settings.halfOpenCalls());
            state = State.HALF_OPEN;
            listener.onTransition(this, State.HALF_OPEN, "open time elapsed; letting " + settings.halfOpenCalls() +
                " probe call(s) through");
        }
        return state;
    }

    private synchronized State close()
    {
        if (State.HALF_OPEN != state)
        {
            return null;
        }
        history.clear();
        state = State.CLOSED;
        listener.onTransition(this, State.CLOSED, settings.halfOpenCalls() + " probe call(s) succeeded");
        return State.CLOSED;
    }
}
