package io.switchboard.agent.boot;

import java.util.List;

/**
 * The components the agent starts, in order: the registry, the transport, then the instrumentation
 * with the call and serving paths that use both.
 */
public final class AgentComponents
{
    private AgentComponents()
    {
    }

    /**
     * @return new instances of the agent's components, in start order.
     */
    public static List<AgentComponent> create()
    {
        return List.of(new RegistryComponent(), new TransportComponent(), new TracingComponent(), new RpcComponent(),
            new MetricsComponent());
    }
}
