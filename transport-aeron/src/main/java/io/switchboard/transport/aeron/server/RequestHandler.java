package io.switchboard.transport.aeron.server;

/**
 * Receives decoded requests. Runs on the thread that polls the server: the transport's polling
 * thread, or a handler thread leading the server ({@link Leadable}). It must not block (hand the work
 * to a worker, or keep it for the leading thread) and must copy anything it keeps from
 * {@code request}, which is reused after return. An exception thrown here is counted and answered
 * with INTERNAL_ERROR; the polling thread lives on.
 */
@FunctionalInterface
public interface RequestHandler
{
    /**
     * @param request   a view of the request, valid only during this call.
     * @param responder where to send the reply, from any thread, now or later.
     */
    void onRequest(InboundRequest request, Responder responder);

    /**
     * A server serving this handler started: the handler's idle threads may lead it from now on.
     *
     * @param server the server.
     */
    default void serverStarted(final Leadable server)
    {
    }

    /**
     * A server serving this handler stopped (closed or its media driver lost): stop leading it.
     *
     * @param server the server.
     */
    default void serverStopped(final Leadable server)
    {
    }
}
