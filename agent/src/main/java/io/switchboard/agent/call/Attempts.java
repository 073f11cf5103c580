package io.switchboard.agent.call;

import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.client.Response;

/**
 * The retry rule of one logical call, shared by the synchronous and asynchronous paths: a request
 * that provably did not run (not delivered, overloaded, shutting down) may go to another provider;
 * one that may have run (timeout, connection lost) only when the method is {@code @Idempotent}, at
 * most {@code switchboard.retries} times. The caller keeps the deadline.
 */
final class Attempts
{
    private final RemoteMethod method;
    private final long timeoutMs;
    private int attemptsLeft;
    private int mayHaveRunRetriesLeft;
    private RuntimeException lastFailure;
    private Target tried;

    Attempts(final RemoteMethod method, final long timeoutMs, final int providers, final int retries)
    {
        this.method = method;
        this.timeoutMs = timeoutMs;
        this.attemptsLeft = providers + retries;
        this.mayHaveRunRetriesLeft = method.isIdempotent() ? retries : 0;
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
     * Judges a failed attempt (neither OK nor an application error).
     *
     * @return {@code true} to try another provider; {@code false} when {@link #lastFailure()} is final.
     */
    boolean retryAfter(final Target target, final long sentNs, final Response response)
    {
        final CallStatus status = response.status();
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
            return CallStatus.OVERLOADED == status || CallStatus.SHUTTING_DOWN == status;
        }
        if (CallStatus.CONNECTION_LOST == status || CallStatus.TIMEOUT == status)
        {
            target.markDown(sentNs);
            lastFailure = CallStatus.TIMEOUT == status ?
                Failures.timeout(method, target, timeoutMs) : Failures.connectionLost(method, target);
            return mayHaveRunRetriesLeft-- > 0;
        }
        lastFailure = Failures.rejected(method, target, response);
        return false;
    }
}
