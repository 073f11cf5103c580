package io.switchboard.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the agent arguments: {@code key=value} pairs separated by {@code ,}, where a piece
 * without {@code =} continues the previous value, so lists and ZooKeeper addresses need no quoting:
 * {@code provide=com.acme.Inventory,com.acme.Pricing,registry=zookeeper://zk1:2181,zk2:2181/shop}.
 */
public final class AgentArgs
{
    private AgentArgs()
    {
    }

    /**
     * @param agentArgs the text after {@code -javaagent:switchboard-agent.jar=}, or {@code null}.
     * @return the keys (without the {@code switchboard.} prefix, which is tolerated) and values, in
     * order; a repeated key keeps its last value.
     * @throws ConfigException when the arguments do not start with {@code key=}.
     */
    public static Map<String, String> parse(final String agentArgs)
    {
        final Map<String, String> result = new LinkedHashMap<>();
        if (null == agentArgs || agentArgs.isBlank())
        {
            return result;
        }
        String key = null;
        StringBuilder value = null;
        for (final String piece : agentArgs.split(",", -1))
        {
            final int eq = piece.indexOf('=');
            if (eq < 0)
            {
                if (null == key)
                {
                    throw new ConfigException("switchboard: invalid agent args: \"" + piece +
                        "\" is not key=value; expected key=value pairs separated by ',', " +
                        "e.g. provide=com.acme.Inventory,registry=local");
                }
                value.append(',').append(piece);
                continue;
            }
            if (null != key)
            {
                result.put(key, value.toString());
            }
            key = piece.substring(0, eq).trim();
            if (key.startsWith(ConfigKey.PROPERTY_PREFIX))
            {
                key = key.substring(ConfigKey.PROPERTY_PREFIX.length());
            }
            if (key.isEmpty())
            {
                throw new ConfigException("switchboard: invalid agent args: \"" + piece +
                    "\" has no key; expected key=value pairs separated by ','");
            }
            value = new StringBuilder(piece.substring(eq + 1));
        }
        result.put(key, value.toString());
        return result;
    }
}
