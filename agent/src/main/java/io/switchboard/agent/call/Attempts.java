package io.switchboard.agent.call;

import io.switchboard.agent.call.balance.Target;
import io.switchboard.agent.call.outcome.CallOutcomes;
import io.switchboard.agent.call.outcome.Outcome;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.api.RpcTimeoutException;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.client.Response;

/**
 * The retry rule of one logical call, shared by the synchronous and asynchronous paths: a request
 * that provably did not run (not delivered, overloaded, shutting down) may go to another provider;
 * one that may have run (timeout, connection lost) only when the method is {@code @Idempotent}, at
 * most {@code switchboard.retries} times. The caller keeps the deadline.
 *
 * <p>Per-attempt timeout: a non-idempotent call gives its one attempt the whole remaining deadline
 * (re-sending it after a timeout is not allowed anyway). An {@code @Idempotent} call splits what
 * remains among the re-sends it may still make, so a provider that died or hangs does not eat the
 * whole budget: {@code attempt = min(remaining, max(remaining / (retriesLeft + 1), 100 ms))}. With
 * the default 2 retries the first attempt waits a third of the deadline, the second half of what is
 * left, the last all that is left.
 *
 * <p>A provider that failed to take a request, timed out, lost its connection or said it is shutting
 * down is marked down ({@link Target#markDown}) so the next choices skip it while others are up.
 * Re-sends are counted as {@link Outcome#RETRIED} (may have run) or {@link Outcome#FAILED_OVER}
 * (provably did not run).
 */
final class Attempts
{
    private RemoteMethod method;
    private CallOutcomes outcomes;
    private long timeoutMs;
    private long attemptTimeoutMs;
    private int attemptsLeft;
    private int mayHaveRunRetriesLeft;
    private RuntimeException lastFailure;
    private CallStatus lastStatus;
    private Target tried;

    Attempts(
        final RemoteMethod method, final long timeoutMs, final int providers, final int retries,
        final CallOutcomes outcomes)
    {
        reset(method, timeoutMs, providers, retries, outcomes);
    }

    /**
     * Starts over for another call, so a thread's synchronous calls can reuse one instance.
     *
     * @return this.
     */
    Attempts reset(
        final RemoteMethod method, final long timeoutMs, final int providers, final int retries,
        final CallOutcomes outcomes)
    {
        this.method = method;
        this.outcomes = outcomes;
        this.timeoutMs = timeoutMs;
        this.attemptTimeoutMs = timeoutMs;
        this.attemptsLeft = providers + retries;
        this.mayHaveRunRetriesLeft = null != method && method.isIdempotent() ? retries : 0;
        this.lastFailure = null;
        this.lastStatus = null;
        this.tried = null;
        return this;
    }

    /** The shortest wait for one attempt of an idempotent call, unless less than that remains. */
    static final long MIN_ATTEMPT_NS = 100_000_000L;

    /**
     * @param remainingNs what is left of the call's deadline, greater than 0.
     * @return how long the next attempt may wait for its reply (see the class comment).
     */
    long attemptNs(final long remainingNs)
    {
        final long attemptNs = mayHaveRunRetriesLeft <= 0 ?
            remainingNs : Math.min(remainingNs, Math.max(remainingNs / (mayHaveRunRetriesLeft + 1), MIN_ATTEMPT_NS));
        attemptTimeoutMs = attemptNs < remainingNs ? attemptNs / 1_000_000L : timeoutMs;
        return attemptNs;
    }

    /**
     * @return {@code false} when the attempt budget is spent.
     */
    boolean begin()
    {
        return attemptsLeft-- > 0;
    }

    /**
     * @return the provider of the previous attempt, to be avoided by the next one.
     */
    Target tried()
    {
        return tried;
    }

    /**
     * @return the failure of the last attempt, or {@code null}.
     */
    RuntimeException lastFailure()
    {
        return lastFailure;
    }

    /**
     * @return how the call ends when it ends with {@link #lastFailure()}: timed out, rejected
     * (overloaded, shutting down, deadline passed at the provider) or failed.
     */
    Outcome finalOutcome()
    {
        if (CallStatus.TIMEOUT == lastStatus)
        {
            return Outcome.TIMED_OUT;
        }
        if (CallStatus.OVERLOADED == lastStatus || CallStatus.SHUTTING_DOWN == lastStatus ||
            CallStatus.DEADLINE_EXCEEDED == lastStatus)
        {
            return Outcome.REJECTED;
        }
        return Outcome.FAILED;
    }

    /**
     * Counts the call's end with {@link #lastFailure()} (or {@code failure} when there was none) and returns
     * what to throw.
     */
    RuntimeException end(final RuntimeException failure)
    {
        outcomes.count(null == lastFailure && failure instanceof RpcTimeoutException ?
            Outcome.TIMED_OUT : finalOutcome());
        return null != lastFailure ? lastFailure : failure;
    }

    /**
     * Judges a failed attempt (neither OK nor an application error).
     *
     * @return {@code true} to try another provider; {@code false} when {@link #lastFailure()} is final.
     */
    boolean retryAfter(final Target target, final long sentNs, final Response response)
    {
        final boolean retry = judge(target, sentNs, response);
        if (retry)
        {
            outcomes.count(response.mayHaveRun() ? Outcome.RETRIED : Outcome.FAILED_OVER);
        }
        return retry;
    }

    private boolean judge(final Target target, final long sentNs, final Response response)
    {
        final CallStatus status = response.status();
        lastStatus = status;
        tried = target;
        if (!response.mayHaveRun())
        {
            if (CallStatus.NOT_DELIVERED == status)
            {
                target.markDown(sentNs);
                lastFailure = Failures.notDelivered(method, target, response);
                return true;
            }
            lastFailure = Failures.rejected(method, target, response);
            if (CallStatus.SHUTTING_DOWN == status)
            {
                target.markDown(sentNs); // it has deregistered; skip it until the registry says so too
                return true;
            }
            return CallStatus.OVERLOADED == status;
        }
        if (CallStatus.CONNECTION_LOST == status || CallStatus.TIMEOUT == status)
        {
            target.markDown(sentNs);
            lastFailure = CallStatus.TIMEOUT == status ?
                Failures.timeout(method, target, timeoutMs, attemptTimeoutMs) : Failures.connectionLost(method, target);
            return mayHaveRunRetriesLeft-- > 0;
        }
        lastFailure = Failures.rejected(method, target, response);
        return false;
    }
}
