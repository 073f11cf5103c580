package io.switchboard.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Builds Switchboard's own (relocated) OpenTelemetry trace SDK from the standard {@code otel.*} keys:
 * {@code otel.traces.exporter} ({@code otlp}, {@code zipkin}, {@code logging}/{@code console},
 * {@code none}; a comma list for several), {@code otel.exporter.otlp[.traces].protocol} ({@code grpc} or
 * {@code http/protobuf}), {@code otel.exporter.otlp[.traces].endpoint},
 * {@code otel.exporter.otlp[.traces].headers}, {@code otel.exporter.zipkin.endpoint},
 * {@code otel.service.name}, {@code otel.resource.attributes}, {@code otel.traces.sampler} and
 * {@code otel.traces.sampler.arg}.
 *
 * <p>Unlike the OpenTelemetry SDK's autoconfiguration, no exporter is the default: a process that
 * names none gets no SDK at all.
 */
public final class TracingSdk
{
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private TracingSdk()
    {
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @return the exporter names, lower case; empty when tracing is off.
     */
    public static List<String> exporters(final OtelSettings settings)
    {
        final List<String> names = new ArrayList<>();
        final String value = settings.get("otel.traces.exporter");
        if (null == value)
        {
            return names;
        }
        for (final String piece : value.split(","))
        {
            final String name = piece.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !"none".equals(name))
            {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Builds the tracer provider.
     *
     * @param settings    the {@code otel.*} keys.
     * @param serviceName {@code switchboard.service.name}, used when {@code otel.service.name} is unset.
     * @return the provider; {@link SdkTracerProvider#shutdown()} flushes it.
     * @throws IllegalArgumentException naming the key and what it accepts, for a bad value.
     */
    public static SdkTracerProvider build(final OtelSettings settings, final String serviceName)
    {
        final Resource resource = Resource.getDefault().merge(resourceAttributes(settings)).merge(Resource.create(
            Attributes.of(SERVICE_NAME, settings.get("otel.service.name", serviceName))));
        final var builder = SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(sampler(settings));
        for (final String exporter : exporters(settings))
        {
            builder.addSpanProcessor(processor(exporter, settings));
        }
        return builder.build();
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @return the resource {@code otel.resource.attributes} describes ({@code key=value,key=value},
     * values percent-decoded as the OpenTelemetry specification says).
     */
    static Resource resourceAttributes(final OtelSettings settings)
    {
        final String value = settings.get("otel.resource.attributes");
        if (null == value)
        {
            return Resource.empty();
        }
        final var attributes = Attributes.builder();
        for (final String pair : value.split(","))
        {
            final int eq = pair.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("otel.resource.attributes=" + value + " has \"" + pair +
                    "\", which is not key=value; use a comma list such as deployment.environment.name=prod,team=shop");
            }
            attributes.put(pair.substring(0, eq).trim(),
                java.net.URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return Resource.create(attributes.build());
    }

    private static SpanProcessor processor(final String exporter, final OtelSettings settings)
    {
        switch (exporter)
        {
            case "zipkin":
            {
                final String endpoint = settings.get("otel.exporter.zipkin.endpoint", "http://localhost:9411/api/v2/spans");
                return BatchSpanProcessor.builder(ZipkinSpanExporter.builder()
                    .setSender(URLConnectionSender.create(endpoint))
                    .build()).build();
            }
            case "otlp":
                return BatchSpanProcessor.builder(otlpExporter(settings)).build();
            case "logging":
            case "console":
                return SimpleSpanProcessor.create(LoggingSpanExporter.create());
            default:
                throw new IllegalArgumentException("otel.traces.exporter=" + exporter + " is not supported; " +
                    "use otlp, zipkin, logging or none");
        }
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @return the OTLP span exporter for {@code otel.exporter.otlp[.traces].protocol}: {@code http/protobuf}
     * (the default, JDK HttpClient, port 4318) or {@code grpc} (OkHttp, port 4317).
     * @throws IllegalArgumentException naming the key and the accepted values, for any other protocol.
     */
    static SpanExporter otlpExporter(final OtelSettings settings)
    {
        final String key = null != settings.get("otel.exporter.otlp.traces.protocol") ?
            "otel.exporter.otlp.traces.protocol" : "otel.exporter.otlp.protocol";
        final String protocol = settings.get(key, "http/protobuf");
        final String headers = settings.get("otel.exporter.otlp.traces.headers", settings.get("otel.exporter.otlp.headers"));
        final BiConsumer<String, String> addHeader;
        final Supplier<SpanExporter> build;
        switch (protocol)
        {
            case "http/protobuf":
            {
                final OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder().setEndpoint(otlpEndpoint(settings, "traces"));
                addHeader = http::addHeader;
                build = http::build;
                break;
            }
            case "grpc":
            {
                final OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder().setEndpoint(otlpGrpcEndpoint(settings, "traces"));
                addHeader = grpc::addHeader;
                build = grpc::build;
                break;
            }
            default:
                throw new IllegalArgumentException(key + "=" + protocol + " is not supported by Switchboard's embedded " +
                    "OTLP exporter; use grpc (port 4317) or http/protobuf (port 4318)");
        }
        if (null != headers)
        {
            for (final String pair : headers.split(","))
            {
                final int eq = pair.indexOf('=');
                if (eq > 0)
                {
                    addHeader.accept(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return build.get();
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @param signal   {@code traces} or {@code metrics}.
     * @return {@code otel.exporter.otlp.<signal>.endpoint}, else {@code otel.exporter.otlp.endpoint}, else
     * {@code http://localhost:4317}: gRPC endpoints take no signal path.
     */
    public static String otlpGrpcEndpoint(final OtelSettings settings, final String signal)
    {
        return settings.get("otel.exporter.otlp." + signal + ".endpoint",
            settings.get("otel.exporter.otlp.endpoint", "http://localhost:4317"));
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @param signal   {@code traces} or {@code metrics}.
     * @return {@code otel.exporter.otlp.<signal>.endpoint}, else {@code otel.exporter.otlp.endpoint} +
     * {@code /v1/<signal>} (default base {@code http://localhost:4318}).
     */
    public static String otlpEndpoint(final OtelSettings settings, final String signal)
    {
        final String specific = settings.get("otel.exporter.otlp." + signal + ".endpoint");
        if (null != specific)
        {
            return specific;
        }
        final String base = settings.get("otel.exporter.otlp.endpoint", "http://localhost:4318");
        return (base.endsWith("/") ? base : base + "/") + "v1/" + signal;
    }

    /**
     * @param settings the {@code otel.*} keys.
     * @return the sampler {@code otel.traces.sampler} names; parent-based always-on by default.
     */
    static Sampler sampler(final OtelSettings settings)
    {
        final String name = settings.get("otel.traces.sampler", "parentbased_always_on").toLowerCase(Locale.ROOT);
        switch (name)
        {
            case "always_on":
                return Sampler.alwaysOn();
            case "always_off":
                return Sampler.alwaysOff();
            case "traceidratio":
                return Sampler.traceIdRatioBased(ratio(settings));
            case "parentbased_always_on":
                return Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off":
                return Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio":
                return Sampler.parentBased(Sampler.traceIdRatioBased(ratio(settings)));
            default:
                throw new IllegalArgumentException("otel.traces.sampler=" + name + " is not supported; use always_on, " +
                    "always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio");
        }
    }

    private static double ratio(final OtelSettings settings)
    {
        final String arg = settings.get("otel.traces.sampler.arg", "1.0");
        try
        {
            final double ratio = Double.parseDouble(arg);
            if (ratio >= 0 && ratio <= 1)
            {
                return ratio;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new IllegalArgumentException("otel.traces.sampler.arg=" + arg + " is not a ratio; use a number from 0 to 1");
    }

    /**
     * Flushes and stops the provider, waiting a bounded time so JVM exit is not held up by a dead backend.
     *
     * @param provider the provider.
     */
    public static void shutdown(final SdkTracerProvider provider)
    {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
