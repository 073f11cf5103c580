package io.switchboard.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The agent's version, from the {@code version.properties} resource the build writes.
 */
public final class AgentVersion
{
    private static final String VERSION = read();

    private AgentVersion()
    {
    }

    /**
     * @return the version, e.g. {@code 0.1.0}; {@code unknown} when the resource is missing.
     */
    public static String get()
    {
        return VERSION;
    }

    private static String read()
    {
        try (InputStream in = AgentVersion.class.getResourceAsStream("/io/switchboard/agent/version.properties"))
        {
            if (null == in)
            {
                return "unknown";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
