package io.switchboard.agent.serve;

import io.switchboard.transport.aeron.server.Leadable;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 *
 * <p>Leader/followers: with servers to lead ({@link #lead}), the one active idle worker does not spin on
 * the queue but takes the server's polling role ({@link Leadable}, a try-lock) and polls the server
 * itself; the request it reads is kept for it ({@link #tryExecute} on a leading worker) and it lets go
 * of the role, then runs the call on its own thread. That skips the second thread of a call on the
 * provider: on a small machine every extra runnable thread is a scheduler delay. While a worker leads,
 * the transport's polling thread skips the server; when no worker is idle (all run calls) it polls and
 * queues as before. An idle leader yields (after 5 µs of busy polling; or busy-spins) for {@code idleSpinNs}, then parks for at most
 * {@code maxParkNs} at a time, and after {@code leadIdleNs} without a request it hands the role back to
 * the polling thread and waits on the monitor like the other idle workers: an idle provider costs no
 * more than before.
 */
final class Workers implements AutoCloseable
{
    static final int KEEP_ALIVE_SECONDS = 30;
    // An idle leader polls without a system call this long before it yields between polls: the next
    // back-to-back request comes within a few µs, and one sched_yield costs ~1.4 µs on a contended core.
    private static final long BUSY_POLL_NS = TimeUnit.MICROSECONDS.toNanos(5);

    private final int maxConcurrent;
    private final int maxQueued;
    private final int maxAdmitted;
    private final long idleSpinNs;
    private final boolean yieldWhileSpinning;
    private final long leadIdleNs;
    private final long maxParkNs;
    private volatile Leadable[] servers = new Leadable[0]; // copy on write, under idle
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
     * Workers that lead with the given idle back-off: {@code idleSpinNs} polling, then parks of at most
     * 100 µs until {@code leadIdleNs} passed without a request.
     *
     * @param maxConcurrent      worker threads: calls that run at once, at least 1.
     * @param maxQueued          calls that may wait for a worker, 0 or more.
     * @param idleSpinNs         how long the one active idle worker polls (the queue or the servers) before it parks.
     * @param yieldWhileSpinning true to yield the core between polls (a small machine), false to busy-spin.
     */
    Workers(final int maxConcurrent, final int maxQueued, final long idleSpinNs, final boolean yieldWhileSpinning)
    {
        this(maxConcurrent, maxQueued, idleSpinNs, yieldWhileSpinning,
            Math.max(idleSpinNs, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * @param maxConcurrent      worker threads: calls that run at once, at least 1.
     * @param maxQueued          calls that may wait for a worker, 0 or more.
     * @param idleSpinNs         how long the one active idle worker polls (the queue or the servers) before it parks.
     * @param yieldWhileSpinning true to yield the core between polls (a small machine), false to busy-spin.
     * @param leadIdleNs         how long an idle leader keeps the servers' polling role before handing it back.
     * @param maxParkNs          longest park of an idle leader after its spin.
     */
    Workers(
        final int maxConcurrent,
        final int maxQueued,
        final long idleSpinNs,
        final boolean yieldWhileSpinning,
        final long leadIdleNs,
        final long maxParkNs)
    {
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.maxAdmitted = maxConcurrent + maxQueued;
        this.idleSpinNs = idleSpinNs;
        this.yieldWhileSpinning = yieldWhileSpinning;
        this.leadIdleNs = leadIdleNs;
        this.maxParkNs = maxParkNs;
        this.calls = new ManyToManyConcurrentArrayQueue<>(Math.max(2, maxAdmitted));
    }

    /**
     * Idle workers lead {@code server} from now on (see the class comment).
     *
     * @param server a server whose handler runs its calls here.
     */
    void lead(final Leadable server)
    {
        synchronized (idle)
        {
            final Leadable[] now = Arrays.copyOf(servers, servers.length + 1);
            now[now.length - 1] = server;
            servers = now;
        }
    }

    /**
     * Idle workers stop leading {@code server}; a leader holding its role lets go within one idle step.
     *
     * @param server a server that stopped.
     */
    void unlead(final Leadable server)
    {
        synchronized (idle)
        {
            servers = Arrays.stream(servers).filter(s -> s != server).toArray(Leadable[]::new);
        }
    }

    /**
     * Runs a call on a worker, or refuses it. Called by the thread that polls a server: the polling
     * thread, which queues the call, or a leading worker, which keeps the first call it reads for itself.
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
        if (Thread.currentThread() instanceof WorkerThread self && self.leading && null == self.kept)
        {
            self.kept = call; // runs on this thread once it has let go of the polling role
            return true;
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
                final Thread worker = new WorkerThread(this::work, "switchboard-worker-" + (++sequence));
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
                    call = 0 == servers.length ? spin() : lead((WorkerThread)Thread.currentThread());
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

    // The one active idle worker leads the servers until a call comes or its lead idles out; null if no call came.
    private Runnable lead(final WorkerThread self)
    {
        if (!spinning.compareAndSet(0, 1))
        {
            return null;
        }
        try
        {
            while (true)
            {
                final Leadable[] led = servers;
                final Runnable call = leadEach(self, led);
                if (null != call || closed || led == servers)
                {
                    return call;
                }
                // a server started or stopped: lead the new set
            }
        }
        finally
        {
            spinning.set(0);
        }
    }

    // Leads the servers of one snapshot until a call comes, the lead idles out, or the servers change.
    private Runnable leadEach(final WorkerThread self, final Leadable[] led)
    {
        final boolean[] held = self.held(led.length);
        Runnable call = null;
        try
        {
            long lastWorkNs = System.nanoTime();
            while (!closed && led == servers && null == (call = calls.poll()))
            {
                final long nowNs = System.nanoTime();
                int work = 0;
                for (int i = 0; i < led.length && null == self.kept; i++)
                {
                    work += leadOne(self, led[i], held, i, nowNs);
                }
                if (null != self.kept)
                {
                    call = self.kept;
                    self.kept = null;
                    break;
                }
                if (work > 0)
                {
                    lastWorkNs = nowNs;
                }
                else if (nowNs - lastWorkNs > leadIdleNs)
                {
                    break;
                }
                else
                {
                    idleStep(nowNs - lastWorkNs);
                }
            }
        }
        finally
        {
            for (int i = 0; i < led.length; i++)
            {
                if (held[i])
                {
                    held[i] = false;
                    led[i].stopLeading(); // before the call runs: another idle worker or the polling thread reads on
                }
            }
        }
        return null != call ? call : calls.poll();
    }

    private int leadOne(final WorkerThread self, final Leadable server, final boolean[] held, final int i, final long nowNs)
    {
        if (held[i] && server.mustStopLeading())
        {
            held[i] = false;
            server.stopLeading();
            return 0;
        }
        if (!held[i] && !(held[i] = server.tryLead()))
        {
            return 0; // the polling thread has it this instant
        }
        self.leading = true;
        try
        {
            return server.lead(nowNs);
        }
        catch (final Throwable t) // the server's own bug or a closing Aeron client: report it, keep the worker
        {
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
            return 0;
        }
        finally
        {
            self.leading = false;
        }
    }

    private void idleStep(final long idleNs)
    {
        if (idleNs < idleSpinNs)
        {
            if (yieldWhileSpinning && idleNs >= BUSY_POLL_NS)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        else
        {
            LockSupport.parkNanos(maxParkNs);
        }
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
     * A worker thread: records the deadline of its call, and whether it leads a server now (then the
     * first call it reads is kept for it).
     */
    static final class WorkerThread extends ServingDeadline.Worker
    {
        boolean leading;
        Runnable kept;
        private boolean[] held = new boolean[1];

        WorkerThread(final Runnable body, final String name)
        {
            super(body, name);
        }

        // Which of the led servers' roles this thread holds; reused, grown only when servers are added.
        boolean[] held(final int servers)
        {
            if (held.length < servers)
            {
                held = new boolean[servers];
            }
            return held;
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
        for (final Thread thread : alive)
        {
            LockSupport.unpark(thread); // a parked leader
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
