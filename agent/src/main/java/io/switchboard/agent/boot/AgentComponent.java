package io.switchboard.agent.boot;

/**
 * One part of the running agent (instrumentation, registry, transport, ...), started in order by
 * {@link AgentInstaller} and closed in reverse order when the JVM shuts down.
 *
 * <p>A component that fails to start is logged and skipped: the application keeps running.
 */
public interface AgentComponent extends AutoCloseable
{
    /**
     * @return a short name for messages, e.g. {@code transport}.
     */
    String name();

    /**
     * Starts the component. Components started before this one are available through the context.
     *
     * @param context the configuration, instrumentation and shared services.
     * @throws Exception when the component cannot start; the agent logs it and continues.
     */
    void start(AgentContext context) throws Exception;

    /**
     * Releases what {@link #start} acquired. Must not throw.
     */
    @Override
    void close();
}
