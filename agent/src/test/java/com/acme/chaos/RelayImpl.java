package com.acme.chaos;

/**
 * Calls the ledger from inside a served call; prints each outcome ({@code relay <id> <outcome>
 * waited=<ms>}) because a consumer that gave up never sees the returned value.
 */
public final class RelayImpl implements Relay
{
    private final Ledger ledger = new LedgerImpl();

    @Override
    public String forward(final String id, final long delayMillis, final long nestedWorkMillis)
    {
        try
        {
            Thread.sleep(delayMillis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final long start = System.nanoTime();
        String outcome;
        try
        {
            outcome = "ok " + ledger.record(id, nestedWorkMillis);
        }
        catch (final RuntimeException ex)
        {
            outcome = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        System.out.println("relay " + id + " waited=" + (System.nanoTime() - start) / 1_000_000 + " " + outcome);
        return outcome;
    }
}
