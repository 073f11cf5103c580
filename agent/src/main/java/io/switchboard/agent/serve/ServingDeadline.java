package io.switchboard.agent.serve;

import io.switchboard.api.RpcTimeoutException;

/**
 * The deadline of the call a provider's worker thread is serving, so that a call the user's method
 * makes to another service inherits what remains of it: a nested call never waits longer than its
 * caller still waits, and one whose caller has already given up is not sent at all.
 *
 * <p>Only the worker thread that runs the method carries the deadline; work the method hands to
 * other threads (or an asynchronous method's later stages) keeps its own timeouts.
 *
 * <p>Hot path: {@link #cap} is a type check and a field read; no thread-local map, no allocation.
 */
public final class ServingDeadline
{
    private ServingDeadline()
    {
    }

    /**
     * @param deadlineNs a nested call's own deadline, in {@link System#nanoTime()} terms.
     * @return the earlier of it and the deadline of the call this thread is serving, if any.
     */
    public static long cap(final long deadlineNs)
    {
        if (Thread.currentThread() instanceof Worker worker && worker.serving)
        {
            return worker.deadlineNs - deadlineNs < 0 ? worker.deadlineNs : deadlineNs;
        }
        return deadlineNs;
    }

    /**
     * @param call the nested call, e.g. {@code com.acme.Pricing.quote(Ljava/lang/String;)}.
     * @return the failure of a nested call that was not sent because its caller's deadline had passed.
     */
    public static RpcTimeoutException passed(final String call)
    {
        return new RpcTimeoutException("did not send " + call + ": the deadline of the call this provider is " +
            "serving has passed (its consumer no longer waits), so the nested call was not sent and did not run");
    }

    /**
     * A provider's worker thread, which records the deadline of the call it runs.
     */
    static class Worker extends Thread
    {
        private long deadlineNs;
        private boolean serving;

        Worker(final Runnable body, final String name)
        {
            super(body, name);
            setDaemon(true);
        }

        void serve(final long deadlineNs)
        {
            this.deadlineNs = deadlineNs;
            this.serving = true;
        }

        void done()
        {
            serving = false;
        }
    }

    /**
     * Marks the current thread, when it is a worker, as serving a call until {@link #end()}.
     *
     * @param deadlineNs the call's deadline in {@link System#nanoTime()} terms.
     */
    static void begin(final long deadlineNs)
    {
        if (Thread.currentThread() instanceof Worker worker)
        {
            worker.serve(deadlineNs);
        }
    }

    /** Ends what {@link #begin} started. */
    static void end()
    {
        if (Thread.currentThread() instanceof Worker worker)
        {
            worker.done();
        }
    }
}
