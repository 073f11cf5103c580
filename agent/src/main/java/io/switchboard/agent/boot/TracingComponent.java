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
 * Starts Switchboard's tracing when {@code otel.traces.exporter} names an exporter: builds the
 * relocated trace SDK and installs {@link RpcTracing} for the call and serving paths. With no
 * exporter nothing is built and calls do no tracing work. Closing flushes buffered spans (the agent
 * closes its components from a shutdown hook, after the call and serving paths).
 */
final class TracingComponent implements AgentComponent
{
    private static final String OTEL_JAVA_AGENT = "io.opentelemetry.javaagent.OpenTelemetryAgent";

    private SdkTracerProvider provider;

    @Override
    public String name()
    {
        return "tracing";
    }

    @Override
    public void start(final AgentContext context)
    {
        final OtelSettings settings = otelSettings(context);
        final List<String> exporters = TracingSdk.exporters(settings);
        if (exporters.isEmpty())
        {
            return;
        }
        if (otelJavaAgentPresent())
        {
            context.log().line("switchboard: the OpenTelemetry Java agent is present; Switchboard exports its RPC spans " +
                "with its own SDK (same otel.* keys), and they are not yet parented to the Java agent's spans");
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

    private static boolean otelJavaAgentPresent()
    {
        try
        {
            Class.forName(OTEL_JAVA_AGENT, false, ClassLoader.getSystemClassLoader());
            return true;
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return false;
        }
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
