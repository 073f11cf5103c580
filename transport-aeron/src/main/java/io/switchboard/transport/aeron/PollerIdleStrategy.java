package io.switchboard.transport.aeron;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Idle strategy of the polling thread: for {@link TransportConfig#pollerSpinNanos()} after the server
 * received a request it keeps polling (yielding the core between polls, or busy-spinning in the
 * low-latency profile), because the next request of a caller that calls back to back comes within
 * microseconds and a park costs tens of them (timer slack); otherwise it backs off to park as before.
 * <p>
 * Replies do not make it spin: a synchronous caller polls for its own reply, and a second spinning
 * thread per process would only take the core the other process needs.
 */
final class PollerIdleStrategy implements IdleStrategy
{
    private final TransportAgent agent;
    private final boolean busySpin;
    private final BackoffIdleStrategy backoff;

    PollerIdleStrategy(final TransportAgent agent, final boolean busySpin, final long maxParkNanos)
    {
        this.agent = agent;
        this.busySpin = busySpin;
        this.backoff = new BackoffIdleStrategy(50, 10, 1_000, maxParkNanos);
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            backoff.reset();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (System.nanoTime() - agent.hotUntilNs() < 0)
        {
            if (busySpin)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
            return;
        }
        backoff.idle();
    }

    @Override
    public void reset()
    {
        backoff.reset();
    }

    @Override
    public String alias()
    {
        return "switchboard-poller";
    }
}
