package io.switchboard.benchmarks.e2e;

import java.util.concurrent.TimeUnit;

/**
 * Consumer process of the Switchboard scenarios: run it with {@code -javaagent:switchboard-agent.jar} in a
 * process that does not provide {@link Echo}; calls on {@link EchoImpl} then go to the provider
 * ({@link EchoProviderMain}). {@code --mode sync} calls {@link Echo#echo(byte[])} on one thread,
 * {@code --mode async} pipelines {@link Echo#echoAsync(byte[])}. Takes the {@link LoadPlan} options.
 */
public final class SwitchboardEchoClient
{
    private SwitchboardEchoClient()
    {
    }

    /**
     * @param args see the class comment.
     * @throws InterruptedException when interrupted while waiting for the provider.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final LoadPlan plan = LoadPlan.parse(args);
        final Echo echo = new EchoImpl();
        awaitProvider(echo);
        final LoadGenerator generator = new LoadGenerator(plan, System.out);
        if ("async".equals(plan.option("mode", "sync")))
        {
            generator.runAsync(echo::echoAsync);
        }
        else
        {
            generator.runSync(echo::echo);
        }
    }

    /** The provider registers a moment after it starts: retry until a call goes through. */
    private static void awaitProvider(final Echo echo) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException last = null;
        while (System.nanoTime() < deadline)
        {
            try
            {
                if (1 == echo.echo(new byte[1]).length)
                {
                    return;
                }
            }
            catch (final RuntimeException ex)
            {
                last = ex;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no Echo provider answered within 30 s; is the provider running with the " +
            "same registry.dir (and aeron.dir for IPC)?", last);
    }
}
