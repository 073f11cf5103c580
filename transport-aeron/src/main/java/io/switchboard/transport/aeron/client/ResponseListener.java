package io.switchboard.transport.aeron.client;

/**
 * Receives the outcome of an asynchronous call. Runs on the transport's polling thread (or on the
 * calling thread when the call fails before it is sent): it must be quick and must not block or call
 * back into the transport synchronously; the agent layer re-dispatches user callbacks to its own
 * executor. An exception thrown here is counted and reported, never propagated.
 */
@FunctionalInterface
public interface ResponseListener
{
    /**
     * @param correlationId the call's correlation id.
     * @param response      the outcome.
     */
    void onResponse(long correlationId, Response response);
}
