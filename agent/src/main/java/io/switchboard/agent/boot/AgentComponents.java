package io.switchboard.agent.boot;

import java.util.List;

/**
 * The components the agent starts, in order. The integration adds instrumentation, registry and
 * transport here; nothing else needs to change to add a component.
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
        return List.of();
    }
}
