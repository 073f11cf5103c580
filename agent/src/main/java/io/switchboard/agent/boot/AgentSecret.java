package io.switchboard.agent.boot;

import io.switchboard.agent.auth.SharedSecret;
import io.switchboard.agent.config.ConfigException;
import io.switchboard.transport.aeron.auth.AuthSecret;

/**
 * The shared secret, read once per agent (by whichever component needs it first) and kept in the
 * {@link AgentContext}. A secret that cannot be read stops startup: running without it would silently
 * turn authentication off.
 */
final class AgentSecret
{
    private AgentSecret()
    {
    }

    /**
     * @param context the agent's context.
     * @return the secret, or null when none is configured.
     * @throws ConfigException when it is configured but unusable.
     */
    static AuthSecret get(final AgentContext context)
    {
        Holder holder = context.get(Holder.class);
        if (null == holder)
        {
            try
            {
                holder = new Holder(SharedSecret.fromConfig(context.config()).orElse(null));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException("switchboard: " + ex.getMessage());
            }
            context.put(Holder.class, holder);
        }
        return holder.secret();
    }

    private record Holder(AuthSecret secret)
    {
    }
}
