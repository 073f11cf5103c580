package io.switchboard.transport.aeron.server;

/**
 * A server whose polling a thread of the request handler may take over (leader/followers): an idle
 * worker that leads polls the server itself and runs the request it reads on its own thread, so the
 * request skips the hand-off from the transport's polling thread to a worker.
 * <p>
 * The polling role is a try-lock, never a blocking one: exactly one thread at a time (a leading worker
 * or the transport's polling thread) touches the server's subscriptions and its single-threaded state,
 * and taking the role after another thread released it sees everything that thread did. The polling
 * thread skips a server while a worker leads it.
 * <pre>{@code
 * if (server.tryLead()) {
 *     try { server.lead(System.nanoTime()); }   // the handler may keep one request for this thread
 *     finally { server.stopLeading(); }
 *     // run the kept request here, outside the role
 * }
 * }</pre>
 */
public interface Leadable
{
    /**
     * Takes the polling role unless another thread has it or the server is stopping.
     *
     * @return true when the calling thread now leads and must call {@link #stopLeading()} later.
     */
    boolean tryLead();

    /**
     * Polls as the leader (the caller holds the role): reads until the first request was handed to the
     * handler or nothing is left, and does the server's other duty-cycle work (sessions being set up,
     * timeouts). Never runs user code beyond the handler's own non-blocking {@code onRequest}.
     *
     * @param nowNs {@link System#nanoTime()} now.
     * @return work done, 0 when idle.
     */
    int lead(long nowNs);

    /**
     * @return true when the server is stopping: a leader must {@link #stopLeading()} now.
     */
    boolean mustStopLeading();

    /**
     * Releases the polling role taken by {@link #tryLead()}.
     */
    void stopLeading();
}
