package io.switchboard.agent.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.switchboard.agent.trace.OtelSettings;
import io.switchboard.agent.trace.TracingSdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static io.opentelemetry.api.common.AttributeKey.stringKey;

/**
 * Builds the meter provider from the standard keys: {@code otel.metrics.exporter} ({@code otlp},
 * {@code logging}/{@code console}, {@code none}; unset means none, so metrics cost nothing unless
 * asked for), {@code otel.exporter.otlp[.metrics].endpoint} and {@code .protocol} (http/protobuf or grpc) and
 * {@code otel.metric.export.interval} (ms, default 60000).
 */
public final class MetricsSdk
{
    private MetricsSdk()
    {
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @return the exporters named, empty for none.
     */
    public static List<String> exporters(final OtelSettings settings)
    {
        final List<String> names = new ArrayList<>();
        for (final String name : settings.get("otel.metrics.exporter", "none").split(","))
        {
            final String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty() && !"none".equals(trimmed))
            {
                names.add(trimmed);
            }
        }
        return names;
    }

    /**
     * @param settings    the {@code otel.*} keys.
     * @param serviceName the process's service name, when {@code otel.service.name} is unset.
     * @return the meter provider; {@link SdkMeterProvider#shutdown()} flushes it.
     * @throws IllegalArgumentException naming the key and what it accepts, for a bad value.
     */
    public static SdkMeterProvider build(final OtelSettings settings, final String serviceName)
    {
        final long intervalMs = interval(settings);
        final SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(Resource.getDefault().merge(
            Resource.create(Attributes.of(stringKey("service.name"), settings.get("otel.service.name", serviceName)))));
        for (final String exporter : exporters(settings))
        {
            builder.registerMetricReader(PeriodicMetricReader.builder(exporter(exporter, settings))
                .setInterval(Duration.ofMillis(intervalMs)).build());
        }
        return builder.build();
    }

    private static MetricExporter exporter(final String name, final OtelSettings settings)
    {
        switch (name)
        {
            case "otlp":
            {
                final String key = null != settings.get("otel.exporter.otlp.metrics.protocol") ?
                    "otel.exporter.otlp.metrics.protocol" : "otel.exporter.otlp.protocol";
                final String protocol = settings.get(key, "http/protobuf");
                switch (protocol)
                {
                    case "http/protobuf":
                        return OtlpHttpMetricExporter.builder().setEndpoint(TracingSdk.otlpEndpoint(settings, "metrics")).build();
                    case "grpc":
                        return OtlpGrpcMetricExporter.builder()
                            .setEndpoint(TracingSdk.otlpGrpcEndpoint(settings, "metrics")).build();
                    default:
                        throw new IllegalArgumentException(key + "=" + protocol + " is not supported by Switchboard's " +
                            "embedded metrics exporter; use grpc (port 4317) or http/protobuf (port 4318)");
                }
            }
            case "logging":
            case "console":
                return LoggingMetricExporter.create();
            default:
                throw new IllegalArgumentException("otel.metrics.exporter=" + name + " is not supported; " +
                    "use otlp, logging or none");
        }
    }

    private static long interval(final OtelSettings settings)
    {
        final String text = settings.get("otel.metric.export.interval", "60000");
        try
        {
            final long ms = Long.parseLong(text.trim());
            if (ms > 0)
            {
                return ms;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new IllegalArgumentException("otel.metric.export.interval=" + text + " is not a positive number of milliseconds");
    }

    /**
     * Flushes and stops the provider within a bounded time.
     *
     * @param provider the provider.
     */
    public static void shutdown(final SdkMeterProvider provider)
    {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
