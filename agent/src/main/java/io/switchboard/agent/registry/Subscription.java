package io.switchboard.agent.registry;

/**
 * Handle on a listener added with {@link ServiceRegistry#subscribe}. After {@link #close()} returns
 * the listener receives no further lists, except one whose delivery was already under way.
 */
public interface Subscription extends AutoCloseable
{
    /** @return the service this subscription follows */
    ServiceKey key();

    /** Stops deliveries to the listener. Idempotent; never throws. */
    @Override
    void close();
}
