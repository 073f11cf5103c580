package io.switchboard.agent.metrics;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.switchboard.agent.trace.OtelSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsSdkTest
{
    @Test
    void otlpMetricsGoOverGrpcOrHttpAsTheSharedProtocolKeySays()
    {
        for (final String protocol : new String[]{"grpc", "http/protobuf"})
        {
            final SdkMeterProvider provider = MetricsSdk.build(settings(Map.of("otel.metrics.exporter", "otlp",
                "otel.exporter.otlp.protocol", protocol, "otel.exporter.otlp.endpoint", "http://127.0.0.1:1")), "svc");
            assertThat(provider.toString()).as(protocol).contains(protocol.equals("grpc") ? "Grpc" : "Http");
            MetricsSdk.shutdown(provider);
        }
    }

    @Test
    void anUnsupportedProtocolNamesTheKeyThatSetIt()
    {
        assertThatThrownBy(() -> MetricsSdk.build(settings(Map.of("otel.metrics.exporter", "otlp",
            "otel.exporter.otlp.metrics.protocol", "http/json")), "svc"))
            .hasMessageContaining("otel.exporter.otlp.metrics.protocol=http/json")
            .hasMessageContaining("grpc");
    }

    private static OtelSettings settings(final Map<String, String> properties)
    {
        return new OtelSettings(Map.of(), properties, Map.of());
    }
}
