package io.switchboard.agent.config;

/**
 * Where a configuration value came from, in precedence order: agent arguments win over system
 * properties, which win over environment variables, which win over the default.
 */
public enum ConfigSource
{
    /** {@code -javaagent:switchboard-agent.jar=key=value,...}. */
    AGENT_ARGS("agent args"),
    /** {@code -Dswitchboard.key=value}. */
    SYSTEM_PROPERTY("system property"),
    /** {@code SWITCHBOARD_KEY=value}. */
    ENVIRONMENT("environment variable"),
    /** The key's default. */
    DEFAULT("default");

    private final String description;

    ConfigSource(final String description)
    {
        this.description = description;
    }

    /**
     * @return how messages name this source, e.g. {@code system property}.
     */
    public String description()
    {
        return description;
    }
}
