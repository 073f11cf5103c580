package io.switchboard.agent.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's worker threads: user methods run here, never on the transport's polling thread.
 * Bounded in threads and queued calls; beyond that a call is refused (the consumer may retry
 * elsewhere because it did not run).
 */
final class Workers implements AutoCloseable
{
    static final int THREADS = 32;
    static final int QUEUED = 1024;

    private final ThreadPoolExecutor executor;

    Workers()
    {
        final AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r ->
        {
            final Thread thread = new Thread(r, "switchboard-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    void execute(final Runnable call)
    {
        executor.execute(call);
    }

    String describe()
    {
        return executor.getActiveCount() + " of " + THREADS + " workers busy and " + executor.getQueue().size() +
            " of " + QUEUED + " calls queued";
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
