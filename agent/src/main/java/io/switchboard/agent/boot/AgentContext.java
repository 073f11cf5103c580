package io.switchboard.agent.boot;

import io.switchboard.agent.config.SwitchboardConfig;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the agent's components share: the configuration, the JVM's instrumentation, the log, a
 * place to publish objects for later components, and the details of the startup line.
 */
public final class AgentContext
{
    private final SwitchboardConfig config;
    private final Instrumentation instrumentation;
    private final boolean attachedAtRuntime;
    private final AgentLog log;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private final Map<String, String> startupDetails = new LinkedHashMap<>();

    /**
     * @param config            the configuration.
     * @param instrumentation   the JVM's instrumentation; {@code null} in tests and tools.
     * @param attachedAtRuntime {@code true} when attached to a running JVM rather than via {@code -javaagent}.
     * @param log               the agent's log.
     */
    public AgentContext(
        final SwitchboardConfig config,
        final Instrumentation instrumentation,
        final boolean attachedAtRuntime,
        final AgentLog log)
    {
        this.config = Objects.requireNonNull(config);
        this.instrumentation = instrumentation;
        this.attachedAtRuntime = attachedAtRuntime;
        this.log = Objects.requireNonNull(log);
    }

    /**
     * @return the configuration.
     */
    public SwitchboardConfig config()
    {
        return config;
    }

    /**
     * @return the JVM's instrumentation; {@code null} in tests and tools.
     */
    public Instrumentation instrumentation()
    {
        return instrumentation;
    }

    /**
     * @return {@code true} when the agent was attached to a running JVM, so classes are already loaded.
     */
    public boolean attachedAtRuntime()
    {
        return attachedAtRuntime;
    }

    /**
     * @return the agent's log.
     */
    public AgentLog log()
    {
        return log;
    }

    /**
     * @return the agent's version.
     */
    public String agentVersion()
    {
        return AgentVersion.get();
    }

    /**
     * Publishes an object for the components that start later (e.g. the transport for the call path).
     *
     * @param type    the type to find it by.
     * @param service the object.
     * @param <T>     the type.
     */
    public synchronized <T> void put(final Class<T> type, final T service)
    {
        services.put(type, type.cast(service));
    }

    /**
     * @param type the type it was published as.
     * @param <T>  the type.
     * @return the published object, or {@code null}.
     */
    public synchronized <T> T get(final Class<T> type)
    {
        return type.cast(services.get(type));
    }

    /**
     * Adds {@code key=value} to the one startup line, after the configuration details, e.g.
     * {@code auth=...} or {@code tracing=...}.
     *
     * @param key   e.g. {@code tracing}.
     * @param value e.g. {@code zipkin}.
     */
    public synchronized void addStartupDetail(final String key, final String value)
    {
        startupDetails.put(key, value);
    }

    /**
     * @return the startup line: {@code switchboard <version>: provides [..] registry=.. service.name=..}
     * followed by the components' details.
     */
    public synchronized String startupLine()
    {
        final StringBuilder sb = new StringBuilder("switchboard ").append(agentVersion())
            .append(": provides ").append(config.provide())
            .append(" registry=").append(config.registry())
            .append(" service.name=").append(config.serviceName());
        for (final Map.Entry<String, String> detail : startupDetails.entrySet())
        {
            sb.append(' ').append(detail.getKey()).append('=').append(detail.getValue());
        }
        return sb.toString();
    }
}
