package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import com.acme.zk.GreetingImpl;

import java.util.concurrent.CountDownLatch;

/** Provider JVM of {@link ZooKeeperRegistryIT}: constructing the implementation exports and registers it. */
public final class ZkProviderMain
{
    private ZkProviderMain()
    {
    }

    /**
     * @param args unused
     * @throws InterruptedException never: runs until killed
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long registeringAt = System.currentTimeMillis();
        final Greeting greeting = new GreetingImpl();
        System.out.println("provider registering at " + registeringAt + " pid " + ProcessHandle.current().pid() +
            " " + greeting.getClass().getSimpleName());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
