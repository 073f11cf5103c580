package com.acme.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The consumer of the deadline test. Calls {@link Relay#forward} (2 s deadline), whose provider
 * calls {@link Ledger#record}, in three ways, and prints {@code result <case>=<outcome>}:
 * <ul>
 * <li>{@code late}: the relay waits past its caller's deadline before the nested call;</li>
 * <li>{@code queued}: the ledger's only worker is held (4 s) by another call, so the nested call
 * waits in its queue until after its deadline;</li>
 * <li>{@code short}: the nested call works 5 s, longer than its caller has left but shorter than the
 * relay's own 20 s timeout.</li>
 * </ul>
 */
public final class DeadlineMain
{
    private DeadlineMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Relay relay = new RelayImpl();
        final Ledger ledger = new LedgerImpl();
        warmUp(relay);

        result("late", () -> relay.forward("late-1", 2500, 0));

        final Thread holder = new Thread(() -> ledger.hold(4000), "holder");
        holder.start();
        final Path marker = Path.of(System.getProperty("chaos.journal"));
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!hasHoldingMarker(marker) && System.nanoTime() - end < 0)
        {
            Thread.sleep(20); // polling for the provider's marker, bounded
        }
        result("queued", () -> relay.forward("queued-1", 0, 0));
        holder.join();

        result("short", () -> relay.forward("short-1", 500, 5000));
        System.out.println("result done=deadlines");
    }

    private static boolean hasHoldingMarker(final Path dir) throws Exception
    {
        try (var files = Files.list(dir))
        {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("holding-"));
        }
    }

    private static void warmUp(final Relay relay) throws InterruptedException
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - end < 0)
        {
            try
            {
                if (relay.forward("warmup", 0, 0).startsWith("ok "))
                {
                    return;
                }
            }
            catch (final RuntimeException ex)
            {
                // not registered yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the relay and the ledger did not answer within 30 s");
    }

    private interface Call
    {
        String run();
    }

    private static void result(final String name, final Call call)
    {
        try
        {
            System.out.println("result " + name + "=" + call.run());
        }
        catch (final RuntimeException ex)
        {
            System.out.println("result " + name + "=" + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }
}
