package io.switchboard.agent.boot;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.switchboard.agent.trace.OtelSettings;
import io.switchboard.agent.trace.RpcTracing;
import io.switchboard.agent.trace.TracingSdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts Switchboard's tracing. When the application has its own OpenTelemetry (the OpenTelemetry
 * Java agent's, or a {@code GlobalOpenTelemetry} already set), spans go through it, so they join the
 * application's traces and its exporter. Otherwise, when {@code otel.traces.exporter} names an
 * exporter, builds the relocated trace SDK. Either way installs {@link RpcTracing} for the call and
 * serving paths; with neither, nothing is built and calls do no tracing work. Closing flushes
 * Switchboard's own SDK (the agent closes its components from a shutdown hook, after the call and
 * serving paths); the Java agent flushes its own.
 */
final class TracingComponent implements AgentComponent
{
    private SdkTracerProvider provider;

    @Override
    public String name()
    {
        return "tracing";
    }

    @Override
    public void start(final AgentContext context)
    {
        if (startWithApplicationOpenTelemetry(context))
        {
            return;
        }
        final OtelSettings settings = otelSettings(context);
        final List<String> exporters = TracingSdk.exporters(settings);
        if (exporters.isEmpty())
        {
            return;
        }
        provider = TracingSdk.build(settings, context.config().serviceName());
        RpcTracing.install(new RpcTracing(provider.get("io.switchboard", context.agentVersion())));
        context.addStartupDetail("tracing", String.join("+", exporters));
    }

    /**
     * @return the {@code otel.*} keys: agent args, then system properties, then environment.
     */
    static OtelSettings otelSettings(final AgentContext context)
    {
        return new OtelSettings(context.config().otelArgs(), systemProperties(), System.getenv());
    }

    private static boolean startWithApplicationOpenTelemetry(final AgentContext context)
    {
        final RpcTracing tracing;
        try
        {
            tracing = RpcTracing.ofApplication(context.agentVersion());
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            context.log().warn("cannot make spans through the application's OpenTelemetry (" + ex +
                "); Switchboard uses its own SDK if otel.traces.exporter names an exporter, so its spans are " +
                "not parented to the application's");
            return false;
        }
        if (null == tracing)
        {
            if (RpcTracing.javaAgentPresent())
            {
                context.log().warn("the OpenTelemetry Java agent is on the class path but has not started yet, so " +
                    "Switchboard cannot join its traces; put -javaagent:opentelemetry-javaagent.jar before " +
                    "-javaagent:switchboard-agent.jar");
            }
            return false;
        }
        RpcTracing.install(tracing);
        context.addStartupDetail("tracing", "via " + tracing.describe());
        return true;
    }

    private static Map<String, String> systemProperties()
    {
        final Map<String, String> result = new LinkedHashMap<>();
        final Properties properties = System.getProperties();
        for (final String name : properties.stringPropertyNames())
        {
            if (name.startsWith("otel."))
            {
                result.put(name, properties.getProperty(name));
            }
        }
        return result;
    }

    @Override
    public void close()
    {
        RpcTracing.install(null);
        if (null != provider)
        {
            TracingSdk.shutdown(provider);
            provider = null;
        }
    }
}
