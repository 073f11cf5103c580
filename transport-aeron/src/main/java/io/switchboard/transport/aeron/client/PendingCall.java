package io.switchboard.transport.aeron.client;

import java.util.concurrent.locks.LockSupport;

/**
 * One call awaiting its reply: completed once by whichever comes first (reply, connection loss,
 * deadline), having been removed from the pending map by the completer, so a reply after that finds
 * nothing and is dropped.
 */
final class PendingCall
{
    final long correlationId;
    final long deadlineNs;
    final Thread waiter;
    final ResponseListener listener;
    private volatile Response response;

    PendingCall(final long correlationId, final long deadlineNs, final Thread waiter, final ResponseListener listener)
    {
        this.correlationId = correlationId;
        this.deadlineNs = deadlineNs;
        this.waiter = waiter;
        this.listener = listener;
    }

    /**
     * Called by the thread that removed this call from the pending map.
     *
     * @return the listener's exception, if any.
     */
    Throwable complete(final Response response)
    {
        this.response = response;
        if (null != waiter)
        {
            LockSupport.unpark(waiter);
            return null;
        }
        try
        {
            listener.onResponse(correlationId, response);
            return null;
        }
        catch (final Throwable t)
        {
            return t;
        }
    }

    Response response()
    {
        return response;
    }
}
