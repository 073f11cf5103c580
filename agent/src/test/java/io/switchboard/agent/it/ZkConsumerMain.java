package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import com.acme.zk.GreetingImpl;
import io.switchboard.api.RpcException;

/**
 * Consumer JVM of {@link ZooKeeperRegistryIT}: calls every 5 ms until a provider answers, then prints the
 * answer and when it came, and exits.
 */
public final class ZkConsumerMain
{
    private ZkConsumerMain()
    {
    }

    /**
     * @param args unused
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Greeting greeting = new GreetingImpl(); // not provided here: the call goes to a provider
        final long deadline = System.currentTimeMillis() + 60_000;
        boolean announced = false;
        while (System.currentTimeMillis() < deadline)
        {
            try
            {
                final String answer = greeting.greet("consumer");
                System.out.println("first call ok at " + System.currentTimeMillis() + ": " + answer);
                return;
            }
            catch (final RpcException ex)
            {
                if (!announced)
                {
                    announced = true;
                    System.out.println("consumer waiting for a provider: " + ex.getClass().getSimpleName() + ": " +
                        ex.getMessage());
                    System.out.flush();
                }
                Thread.sleep(5);
            }
        }
        System.out.println("no provider answered within 60 s");
        System.exit(1);
    }
}
