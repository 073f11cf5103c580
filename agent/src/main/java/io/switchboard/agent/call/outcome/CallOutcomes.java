package io.switchboard.agent.call.outcome;

import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.PublishedCounter;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The outcome counters of one service's calls in this process.
 *
 * <p>Published as Aeron counters in the media driver's CnC file (type {@link OutcomeCounterKey#TYPE_ID}),
 * so the {@code services} CLI, AeronStat or any {@code CountersReader} reads them from another process
 * while this one runs; they vanish when it exits. When the driver has no room for them they stay
 * private to the process (still read by OpenTelemetry metrics).
 *
 * <p>Hot path: {@link #count} is one atomic add on shared memory; no allocation, no lock. When the
 * transport loses its media driver the counters count privately, and move with their values to the new
 * driver when it re-attaches ({@link PublishedCounter}).
 */
public final class CallOutcomes implements AutoCloseable
{
    private final String service;
    private final PublishedCounter[] counters;

    private CallOutcomes(final String service, final PublishedCounter[] counters)
    {
        this.service = service;
        this.counters = counters;
    }

    /**
     * Allocates the counters of one service in the transport's media driver.
     *
     * @param service   the service name.
     * @param transport the running transport.
     * @param pid       this process's id, stored in each counter's key.
     * @return the counters.
     * @throws RuntimeException from Aeron when the driver cannot allocate them.
     */
    public static CallOutcomes published(final String service, final AeronTransport transport, final long pid)
    {
        final Outcome[] outcomes = Outcome.values();
        final PublishedCounter[] counters = new PublishedCounter[outcomes.length];
        final UnsafeBuffer key = new UnsafeBuffer(new byte[OutcomeCounterKey.MAX_KEY_LENGTH]);
        try
        {
            for (final Outcome outcome : outcomes)
            {
                final int keyLength = OutcomeCounterKey.encode(key, pid, outcome, service);
                counters[outcome.ordinal()] = transport.addCounter(OutcomeCounterKey.TYPE_ID, key, keyLength,
                    "switchboard calls " + outcome.label() + ": " + service + " pid=" + pid);
            }
        }
        catch (final RuntimeException ex)
        {
            closeAll(counters);
            throw ex;
        }
        return new CallOutcomes(service, counters);
    }

    /**
     * @param service the service name.
     * @return counters that only this process sees.
     */
    public static CallOutcomes local(final String service)
    {
        final Outcome[] outcomes = Outcome.values();
        final PublishedCounter[] counters = new PublishedCounter[outcomes.length];
        for (final Outcome outcome : outcomes)
        {
            counters[outcome.ordinal()] = PublishedCounter.local();
        }
        return new CallOutcomes(service, counters);
    }

    /**
     * @return the service these count.
     */
    public String service()
    {
        return service;
    }

    /**
     * Counts one occurrence.
     *
     * @param outcome what happened.
     */
    public void count(final Outcome outcome)
    {
        counters[outcome.ordinal()].increment();
    }

    /**
     * @param outcome an outcome.
     * @return how often it happened so far.
     */
    public long get(final Outcome outcome)
    {
        return counters[outcome.ordinal()].get();
    }

    @Override
    public void close()
    {
        closeAll(counters);
    }

    private static void closeAll(final PublishedCounter[] counters)
    {
        for (final PublishedCounter counter : counters)
        {
            if (null != counter)
            {
                try
                {
                    counter.close();
                }
                catch (final RuntimeException ignore)
                {
                    // The transport closed first, freeing the counter with it.
                }
            }
        }
    }
}
