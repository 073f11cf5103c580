package io.switchboard.agent.serve;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's worker threads: user methods run here, never on the transport's polling thread.
 * At most {@code switchboard.provider.max.concurrent} calls run at once and at most
 * {@code switchboard.provider.max.queued} wait; {@link #tryExecute} refuses any call beyond that at
 * once, so the caller can answer OVERLOADED (the call did not run; the consumer re-sends it elsewhere).
 *
 * <p>Admission is one counter of admitted calls (running or waiting), not the queue's capacity: a
 * worker that has just finished but not yet taken the next task must not make a call look
 * overloaded, and a limit of 0 queued calls must mean exactly that.
 *
 * <p>Hand-off: waking a parked thread costs tens of µs on a small machine, more than a whole call.
 * So one idle worker at a time (the spinner) keeps polling the lock-free queue for
 * {@code idleSpinNs} after its last call before it parks; a call handed over while it spins costs
 * about a hundred nanoseconds and no system call. The other idle workers wait on a monitor, and the
 * polling thread takes that monitor only when no worker spins. A worker that takes a call while more
 * wait and nobody spins wakes one more, so a slow call never holds up the ones behind it. Workers
 * start on demand, up to {@code max.concurrent}, and end after {@value #KEEP_ALIVE_SECONDS} s idle.
 */
final class Workers implements AutoCloseable
{
    static final int KEEP_ALIVE_SECONDS = 30;

    private final int maxConcurrent;
    private final int maxQueued;
    private final int maxAdmitted;
    private final long idleSpinNs;
    private final boolean yieldWhileSpinning;
    private final AtomicInteger admitted = new AtomicInteger();
    // Never overflows: it holds admitted calls that no worker has taken yet.
    private final ManyToManyConcurrentArrayQueue<Runnable> calls;
    private final AtomicInteger spinning = new AtomicInteger();
    private final Object idle = new Object();
    private final List<Thread> threads = new ArrayList<>(); // guarded by idle
    private int started; // guarded by idle
    private int waiting; // guarded by idle
    private int sequence; // guarded by idle
    private volatile boolean closed;

    /**
     * Workers of the {@code balanced} profile: the spinner yields for 50 µs before it parks.
     *
     * @param maxConcurrent worker threads: calls that run at once, at least 1.
     * @param maxQueued     calls that may wait for a worker, 0 or more.
     */
    Workers(final int maxConcurrent, final int maxQueued)
    {
        this(maxConcurrent, maxQueued, TimeUnit.MICROSECONDS.toNanos(50), true);
    }

    /**
     * @param maxConcurrent      worker threads: calls that run at once, at least 1.
     * @param maxQueued          calls that may wait for a worker, 0 or more.
     * @param idleSpinNs         how long the one spinning idle worker polls for the next call before it parks.
     * @param yieldWhileSpinning true to yield the core between polls (a small machine), false to busy-spin.
     */
    Workers(final int maxConcurrent, final int maxQueued, final long idleSpinNs, final boolean yieldWhileSpinning)
    {
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.maxAdmitted = maxConcurrent + maxQueued;
        this.idleSpinNs = idleSpinNs;
        this.yieldWhileSpinning = yieldWhileSpinning;
        this.calls = new ManyToManyConcurrentArrayQueue<>(Math.max(2, maxAdmitted));
    }

    /**
     * Runs a call on a worker, or refuses it. Called by one thread at a time (the polling thread).
     *
     * @param call the call; it must not throw.
     * @return {@code false} when {@code max.concurrent} calls run and {@code max.queued} wait already,
     * or the workers are closed: the call was not run and will not be.
     */
    boolean tryExecute(final Runnable call)
    {
        if (closed)
        {
            return false;
        }
        if (admitted.incrementAndGet() > maxAdmitted)
        {
            admitted.decrementAndGet();
            return false;
        }
        calls.offer(call);
        if (0 == spinning.get())
        {
            wakeOne();
        }
        return true;
    }

    // Slow path: nobody spins, so wake a waiting worker or start one.
    private void wakeOne()
    {
        synchronized (idle)
        {
            if (waiting > 0)
            {
                idle.notify();
            }
            else if (started < maxConcurrent && !closed)
            {
                started++;
                final Thread worker = new ServingDeadline.Worker(this::work, "switchboard-worker-" + (++sequence));
                threads.add(worker);
                worker.start();
            }
            // else every worker is busy or about to look at the queue again
        }
    }

    private void work()
    {
        try
        {
            while (true)
            {
                Runnable call = calls.poll();
                if (null == call)
                {
                    call = spin();
                }
                if (null == call && null == (call = await()))
                {
                    return;
                }
                if (0 == spinning.get() && !calls.isEmpty())
                {
                    wakeOne(); // more wait and nobody spins: this call may be slow
                }
                try
                {
                    call.run();
                }
                catch (final Throwable t) // a bug, not the user's exception (the call replies those): keep the worker
                {
                    final Thread self = Thread.currentThread();
                    self.getUncaughtExceptionHandler().uncaughtException(self, t);
                }
                finally
                {
                    admitted.decrementAndGet();
                }
            }
        }
        finally
        {
            synchronized (idle)
            {
                threads.remove(Thread.currentThread());
            }
        }
    }

    // The one idle worker allowed to spin polls until a call comes or its spin ends; null if none came.
    private Runnable spin()
    {
        if (idleSpinNs <= 0 || !spinning.compareAndSet(0, 1))
        {
            return null;
        }
        Runnable call = null;
        try
        {
            final long until = System.nanoTime() + idleSpinNs;
            while (null == (call = calls.poll()) && !closed && System.nanoTime() - until < 0)
            {
                if (yieldWhileSpinning)
                {
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            spinning.set(0);
        }
        // The polling thread skips waking anyone while this worker spins: look once more after it stopped.
        return null != call ? call : calls.poll();
    }

    // Waits on the monitor for a call; null when closed and drained, or idle for the keep-alive.
    private Runnable await()
    {
        final long keepAliveUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
        synchronized (idle)
        {
            waiting++;
            try
            {
                while (true)
                {
                    final Runnable call = calls.poll();
                    if (null != call)
                    {
                        return call;
                    }
                    final long leftNs = keepAliveUntil - System.nanoTime();
                    if (closed || leftNs <= 0)
                    {
                        started--;
                        return null;
                    }
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
                }
            }
            catch (final InterruptedException ex)
            {
                started--;
                return null;
            }
            finally
            {
                waiting--;
            }
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
     * @return worker threads alive now.
     */
    int threads()
    {
        synchronized (idle)
        {
            return threads.size();
        }
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

    /**
     * Refuses new calls, lets the admitted ones finish (queued ones included) for up to 2 s, and ends
     * the workers once they are idle.
     */
    @Override
    public void close()
    {
        final List<Thread> alive;
        synchronized (idle)
        {
            closed = true;
            idle.notifyAll();
            alive = new ArrayList<>(threads);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try
        {
            for (final Thread thread : alive)
            {
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs > 0)
                {
                    thread.join(leftMs);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
