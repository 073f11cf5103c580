package io.switchboard.agent.serve;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's worker threads: user methods run here, never on the transport's polling thread.
 * At most {@code switchboard.provider.max.concurrent} calls run at once and at most
 * {@code switchboard.provider.max.queued} wait; {@link #tryExecute} refuses any call beyond that at
 * once, so the caller can answer OVERLOADED (the call did not run; the consumer re-sends it elsewhere).
 *
 * <p>Admission is one counter of admitted calls (running or waiting), not the executor's queue
 * capacity: a worker that has just finished but not yet taken the next task must not make a call
 * look overloaded, and a limit of 0 queued calls must mean exactly that.
 */
final class Workers implements AutoCloseable
{
    private final int maxConcurrent;
    private final int maxQueued;
    private final int maxAdmitted;
    private final AtomicInteger admitted = new AtomicInteger();
    private final ThreadPoolExecutor executor;

    /**
     * @param maxConcurrent worker threads: calls that run at once, at least 1.
     * @param maxQueued     calls that may wait for a worker, 0 or more.
     */
    Workers(final int maxConcurrent, final int maxQueued)
    {
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.maxAdmitted = maxConcurrent + maxQueued;
        final AtomicInteger count = new AtomicInteger();
        // Unbounded queue: the admission counter bounds it.
        executor = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> new ServingDeadline.Worker(r, "switchboard-worker-" + count.incrementAndGet()));
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs a call on a worker, or refuses it.
     *
     * @param call the call; it must not throw.
     * @return {@code false} when {@code max.concurrent} calls run and {@code max.queued} wait already,
     * or the workers are closed: the call was not run and will not be.
     */
    boolean tryExecute(final Runnable call)
    {
        if (admitted.incrementAndGet() > maxAdmitted)
        {
            admitted.decrementAndGet();
            return false;
        }
        try
        {
            executor.execute(() ->
            {
                try
                {
                    call.run();
                }
                finally
                {
                    admitted.decrementAndGet();
                }
            });
            return true;
        }
        catch (final RuntimeException ex) // RejectedExecutionException: closed
        {
            admitted.decrementAndGet();
            return false;
        }
    }

    /**
     * @return calls running or waiting now.
     */
    int admitted()
    {
        return admitted.get();
    }

    /**
     * @return e.g. {@code 1 of 1 workers busy and 0 of 0 calls queued (switchboard.provider.max.concurrent, ...)}.
     */
    String describe()
    {
        final int now = Math.min(admitted.get(), maxAdmitted);
        return Math.min(now, maxConcurrent) + " of " + maxConcurrent + " workers busy and " +
            Math.max(0, now - maxConcurrent) + " of " + maxQueued + " calls queued " +
            "(switchboard.provider.max.concurrent and switchboard.provider.max.queued)";
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
