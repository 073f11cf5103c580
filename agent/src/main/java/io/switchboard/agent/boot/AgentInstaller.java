package io.switchboard.agent.boot;

import io.switchboard.agent.config.ConfigException;
import io.switchboard.agent.config.SwitchboardConfig;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Installs the agent inside the isolated {@link AgentClassLoader}: builds the configuration once,
 * starts the {@link AgentComponents} in order, prints the one startup line and closes the
 * components when the JVM shuts down.
 *
 * <p>A bad configuration is the only failure that escapes (as {@link ConfigException}); a component
 * that fails to start is logged and skipped so the application keeps running.
 */
public final class AgentInstaller implements AutoCloseable
{
    private final AgentContext context;
    private final List<AgentComponent> started;

    private AgentInstaller(final AgentContext context, final List<AgentComponent> started)
    {
        this.context = context;
        this.started = started;
    }

    /**
     * Called reflectively by {@code io.switchboard.agent.SwitchboardAgent}.
     *
     * @param instrumentation   the JVM's instrumentation.
     * @param agentArgs         the agent arguments, or {@code null}.
     * @param attachedAtRuntime {@code true} for {@code agentmain}.
     * @throws ConfigException when the configuration is invalid; the caller prints it and stops the JVM.
     */
    public static void install(final Instrumentation instrumentation, final String agentArgs, final boolean attachedAtRuntime)
    {
        final AgentLog log = new AgentLog(System.err);
        // Anonymous classes rather than lambdas: each lambda spins a class in premain, before the app's main.
        final SwitchboardConfig config = SwitchboardConfig.fromJvm(agentArgs, new Consumer<String>()
        {
            @Override
            public void accept(final String warning)
            {
                log.line(warning);
            }
        });
        final AgentInstaller installer = start(
            new AgentContext(config, instrumentation, attachedAtRuntime, log), AgentComponents.create());
        final Thread shutdown = new Thread(new Runnable()
        {
            @Override
            public void run()
            {
                installer.close();
            }
        }, "switchboard-shutdown");
        shutdown.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(shutdown);
    }

    /**
     * Starts {@code components} in order and prints the startup line.
     *
     * @param context    the shared context.
     * @param components the components, in start order.
     * @return the running agent; {@link #close()} stops it.
     */
    public static AgentInstaller start(final AgentContext context, final List<AgentComponent> components)
    {
        final List<AgentComponent> started = new ArrayList<>(components.size());
        for (final AgentComponent component : components)
        {
            try
            {
                component.start(context);
                started.add(component);
            }
            catch (final ConfigException ex)
            {
                // A setting only a component can check (a fallback class): as fatal as a bad value.
                closeQuietly(context, component);
                for (int i = started.size() - 1; i >= 0; i--)
                {
                    closeQuietly(context, started.get(i));
                }
                throw ex;
            }
            catch (final Throwable ex)
            {
                context.log().error("component " + component.name() + " failed to start; continuing without it", ex);
                closeQuietly(context, component);
            }
        }
        context.log().line(context.startupLine());
        return new AgentInstaller(context, started);
    }

    /**
     * @return the components that started, in start order.
     */
    public List<AgentComponent> started()
    {
        return List.copyOf(started);
    }

    /**
     * Closes the started components in reverse order.
     */
    @Override
    public synchronized void close()
    {
        for (int i = started.size() - 1; i >= 0; i--)
        {
            closeQuietly(context, started.get(i));
        }
        started.clear();
    }

    private static void closeQuietly(final AgentContext context, final AgentComponent component)
    {
        try
        {
            component.close();
        }
        catch (final Throwable ex)
        {
            context.log().error("component " + component.name() + " failed to close", ex);
        }
    }
}
