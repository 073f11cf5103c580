package io.switchboard.transport.aeron.server;

/**
 * Receives decoded requests. Runs on the transport's polling thread: it must not block (hand the work
 * to a worker) and must copy anything it keeps from {@code request}, which is reused after return.
 * An exception thrown here is counted and answered with INTERNAL_ERROR; the polling thread lives on.
 */
@FunctionalInterface
public interface RequestHandler
{
    /**
     * @param request   a view of the request, valid only during this call.
     * @param responder where to send the reply, from any thread, now or later.
     */
    void onRequest(InboundRequest request, Responder responder);
}
