package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import com.acme.zk.GreetingImpl;
import io.switchboard.api.RpcException;

import java.util.HashSet;
import java.util.Set;

/**
 * Consumer JVM of {@link ZooKeeperDiscoveryTimingIT}: calls every 2 ms for as long as it runs and prints the
 * wall-clock time of its first successful call to each provider process.
 */
public final class ZkWatchingConsumerMain
{
    private ZkWatchingConsumerMain()
    {
    }

    /**
     * @param args unused
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Greeting greeting = new GreetingImpl(); // not provided here: the call goes to a provider
        final Set<String> seen = new HashSet<>();
        System.out.println("consumer calling");
        System.out.flush();
        while (true)
        {
            try
            {
                final String answer = greeting.greet("timing");
                final String pid = answer.substring(answer.lastIndexOf(' ') + 1);
                if (seen.add(pid))
                {
                    System.out.println("first call to pid " + pid + " at " + System.currentTimeMillis());
                    System.out.flush();
                }
            }
            catch (final RpcException ex)
            {
                // no provider between two providers of the test: keep calling
            }
            Thread.sleep(2);
        }
    }
}
