package io.switchboard.agent.it.chain;

import io.switchboard.api.NoProviderException;

/**
 * One process of the traced chain: {@code speller} or {@code greeter} constructs its implementation
 * (so the agent exports it) and stays up until killed or 120 s pass; {@code consumer} calls
 * {@code greet} and {@code greetBadly} once each, prints the outcomes and exits.
 */
public final class ChainMain
{
    private ChainMain()
    {
    }

    /**
     * @param args {@code speller}, {@code greeter} or {@code consumer}.
     * @throws Exception not expected.
     */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "speller" -> serve(new SpellerImpl());
            case "greeter" -> serve(new GreeterImpl());
            case "consumer" -> consume();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void serve(final Object instance) throws InterruptedException
    {
        System.out.println("ready " + instance.getClass().getSimpleName());
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() - deadline < 0)
        {
            Thread.sleep(200);
        }
    }

    private static void consume() throws InterruptedException
    {
        final Greeter greeter = new GreeterImpl();
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                System.out.println("result=" + greeter.greet("ada"));
                break;
            }
            catch (final NoProviderException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(100); // the registry has not shown the greeter yet
            }
        }
        try
        {
            System.out.println("result=" + greeter.greetBadly("bob"));
        }
        catch (final RuntimeException ex)
        {
            System.out.println("failed=" + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }
}
