package io.switchboard.agent.registry;

/**
 * The text of the error a consumer reports when a service has no live provider, so every backend and
 * call site words it the same way.
 */
public final class NoProviderMessage
{
    private NoProviderMessage()
    {
    }

    /**
     * @param key      the service that has no provider
     * @param registry the registry that was asked
     * @return for example {@code no provider of com.acme.Inventory (version "") is registered in local
     *         registry /dev/shm/switchboard-me/registry; start one with
     *         -javaagent:switchboard-agent.jar=provide=com.acme.Inventory}
     */
    public static String of(final ServiceKey key, final ServiceRegistry registry)
    {
        return "no provider of " + key + " is registered in " + registry.describe() +
            "; start one with -javaagent:switchboard-agent.jar=provide=" + key.name();
    }
}
