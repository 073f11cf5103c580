package io.switchboard.benchmarks.e2e;

import java.util.concurrent.CountDownLatch;

/**
 * Provider process of the end-to-end measurements: run it with
 * {@code -javaagent:switchboard-agent.jar=provide=io.switchboard.benchmarks.e2e.Echo}.
 */
public final class EchoProviderMain
{
    private EchoProviderMain()
    {
    }

    /**
     * @param args unused.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Echo echo = new EchoImpl();
        System.out.println("echo provider ready: " + echo.getClass().getName());
        new CountDownLatch(1).await();
    }
}
