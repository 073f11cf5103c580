package io.switchboard.agent.boot;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.switchboard.agent.call.CallPath;
import io.switchboard.agent.metrics.CallMetrics;
import io.switchboard.agent.metrics.MetricsSdk;
import io.switchboard.agent.trace.OtelSettings;

import java.util.List;

/**
 * Starts Switchboard's OpenTelemetry metrics when {@code otel.metrics.exporter} names an exporter:
 * builds the relocated metrics SDK and reports the call path's outcome counters
 * ({@link CallMetrics}). With no exporter nothing is built.
 */
final class MetricsComponent implements AgentComponent
{
    private SdkMeterProvider provider;
    private CallMetrics metrics;

    @Override
    public String name()
    {
        return "metrics";
    }

    @Override
    public void start(final AgentContext context)
    {
        final OtelSettings settings = TracingComponent.otelSettings(context);
        final List<String> exporters = MetricsSdk.exporters(settings);
        final CallPath callPath = context.get(CallPath.class);
        if (exporters.isEmpty() || null == callPath)
        {
            return;
        }
        provider = MetricsSdk.build(settings, context.config().serviceName());
        metrics = CallMetrics.register(provider.get("io.switchboard"), callPath::forEachOutcomes);
        context.addStartupDetail("metrics", String.join("+", exporters));
    }

    @Override
    public void close()
    {
        if (null != metrics)
        {
            metrics.close();
            metrics = null;
        }
        if (null != provider)
        {
            MetricsSdk.shutdown(provider);
            provider = null;
        }
    }
}
