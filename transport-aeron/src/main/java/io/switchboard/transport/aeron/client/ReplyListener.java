package io.switchboard.transport.aeron.client;

/**
 * Receives the outcome of an asynchronous call as a view, without an allocation per call: the {@link Reply}
 * and its payload belong to the call's pending slot and are valid only during {@link #onReply}; decode or copy
 * what you need before returning (then the slot serves another call). Runs where a {@link ResponseListener}
 * runs: on the transport's polling thread, on a synchronous caller's thread that is polling for replies, or on
 * the calling thread when the call fails before it is sent. It must be quick and must not block or call back
 * into the transport synchronously. An exception thrown here is counted and reported, never propagated, except
 * from a call that fails before it is sent, where it reaches the caller of
 * {@link ClientSession#callAsyncView(int, long, int, String, String, String, org.agrona.DirectBuffer, int, int, long,
 * ReplyListener)}.
 */
@FunctionalInterface
public interface ReplyListener
{
    /**
     * @param correlationId the call's correlation id (0 when it was refused before taking one).
     * @param reply         the outcome, valid only until this method returns.
     */
    void onReply(long correlationId, Reply reply);
}
