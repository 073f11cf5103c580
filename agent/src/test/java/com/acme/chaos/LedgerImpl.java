package com.acme.chaos;

/** The ledger: works, journals the id, answers with its pid. */
public final class LedgerImpl implements Ledger
{
    private static final long PID = ProcessHandle.current().pid();

    @Override
    public long record(final String id, final long workMillis)
    {
        return run(id, workMillis);
    }

    @Override
    public long recordIdempotent(final String id, final long workMillis)
    {
        return run(id, workMillis);
    }

    @Override
    public void hold(final long millis)
    {
        Journal.mark("holding-" + PID);
        sleep(millis);
    }

    private static long run(final String id, final long workMillis)
    {
        sleep(workMillis);
        // Journalled before returning, so before the reply leaves: a crash after this line loses the
        // reply but never the record of the execution.
        Journal.append(id);
        return PID;
    }

    private static void sleep(final long millis)
    {
        if (millis <= 0)
        {
            return;
        }
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
