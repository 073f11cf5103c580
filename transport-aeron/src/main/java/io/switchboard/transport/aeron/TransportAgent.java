package io.switchboard.transport.aeron;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

/**
 * The one duty cycle of a transport: runs queued commands, then polls every server and client
 * session. Other threads never touch subscriptions; they queue work here with {@link #submit}.
 * <p>
 * Hot path: {@link #doWork()}; no allocation.
 */
public final class TransportAgent implements Agent
{
    /**
     * Something polled by the duty cycle.
     */
    public interface Work
    {
        /**
         * @param nowNs {@link System#nanoTime()} at the start of this cycle.
         * @return work done, 0 when idle.
         */
        int doWork(long nowNs);

        /**
         * Release resources; called on the polling thread when removed or when the transport closes.
         */
        void onClose();

        /**
         * The media driver is gone and the Aeron client with it: fail what is pending with {@code reason}
         * and let go of Aeron resources without touching the driver. Called on the polling thread.
         *
         * @param reason what happened and what to do, for the callers' errors.
         */
        default void onDriverLost(final String reason)
        {
            onClose();
        }
    }

    private final ManyToOneConcurrentLinkedQueue<Runnable> commands = new ManyToOneConcurrentLinkedQueue<>();
    private final List<Work> works = new ArrayList<>();
    private final String roleName;
    private final long spinNanos;
    private volatile long hotUntilNs = System.nanoTime();

    /**
     * @param roleName  the polling thread's name.
     * @param spinNanos how long to keep polling after {@link #keepPolling} before backing off.
     */
    public TransportAgent(final String roleName, final long spinNanos)
    {
        this.roleName = roleName;
        this.spinNanos = spinNanos;
    }

    /**
     * Keeps the polling thread polling instead of parking for {@link TransportConfig#pollerSpinNanos()}:
     * the server calls it when requests came, as the next one is likely close behind.
     *
     * @param nowNs {@link System#nanoTime()} now.
     */
    public void keepPolling(final long nowNs)
    {
        hotUntilNs = nowNs + spinNanos;
    }

    long hotUntilNs()
    {
        return hotUntilNs;
    }

    /**
     * Runs {@code command} on the polling thread at the start of the next cycle.
     *
     * @param command the command.
     */
    public void submit(final Runnable command)
    {
        commands.offer(command);
    }

    /**
     * Adds work to the duty cycle (from any thread).
     *
     * @param work the work.
     */
    public void add(final Work work)
    {
        submit(() -> works.add(work));
    }

    /**
     * Removes work and closes it on the polling thread (from any thread).
     *
     * @param work the work.
     */
    public void remove(final Work work)
    {
        submit(() ->
        {
            if (works.remove(work))
            {
                work.onClose();
            }
        });
    }

    /**
     * Drops all work after the media driver was lost (from any thread): each one fails its pending calls
     * with {@code reason}.
     *
     * @param reason what happened and what to do.
     */
    public void driverLost(final String reason)
    {
        submit(() ->
        {
            for (final Work work : works)
            {
                try
                {
                    work.onDriverLost(reason);
                }
                catch (final RuntimeException ignore)
                {
                    // The Aeron client is closed: releasing its resources may complain; nothing is left to leak.
                }
            }
            works.clear();
        });
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int workCount = 0;
        Runnable command;
        while (null != (command = commands.poll()))
        {
            command.run();
            workCount++;
        }
        final long nowNs = System.nanoTime();
        for (int i = 0, size = works.size(); i < size; i++)
        {
            workCount += works.get(i).doWork(nowNs);
        }
        return workCount;
    }

    /**
     * Closes all work.
     */
    public void onClose()
    {
        Runnable command;
        while (null != (command = commands.poll()))
        {
            try
            {
                command.run();
            }
            catch (final RuntimeException ignore)
            {
                // Closing anyway.
            }
        }
        for (final Work work : works)
        {
            work.onClose();
        }
        works.clear();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return roleName;
    }
}
