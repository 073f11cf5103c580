package io.switchboard.agent.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.switchboard.agent.call.outcome.CallOutcomes;
import io.switchboard.agent.call.outcome.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CallMetricsTest
{
    private final List<MetricData> exported = new ArrayList<>();

    @Test
    void reportsEachServicesOutcomeCountsAsOneCounterWithAnOutcomeAttribute()
    {
        final CallOutcomes inventory = CallOutcomes.local("com.acme.Inventory");
        inventory.count(Outcome.OK);
        inventory.count(Outcome.OK);
        inventory.count(Outcome.FAILED_OVER);
        inventory.count(Outcome.FALLBACK);
        final SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(new Collecting()).setInterval(Duration.ofHours(1)).build())
            .build();
        final CallMetrics metrics = CallMetrics.register(provider.get("test"), each -> each.accept(inventory));

        provider.forceFlush().join(10, TimeUnit.SECONDS);
        metrics.close();
        provider.shutdown().join(10, TimeUnit.SECONDS);

        final MetricData calls = exported.stream().filter(m -> CallMetrics.NAME.equals(m.getName())).findFirst().orElseThrow();
        assertThat(calls.getLongSumData().isMonotonic()).isTrue();
        final Map<String, Long> byOutcome = new TreeMap<>();
        for (final LongPointData point : calls.getLongSumData().getPoints())
        {
            assertThat(point.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("com.acme.Inventory");
            byOutcome.put(point.getAttributes().get(AttributeKey.stringKey("switchboard.outcome")), point.getValue());
        }
        assertThat(byOutcome).containsEntry("ok", 2L).containsEntry("failed_over", 1L).containsEntry("fallback", 1L)
            .containsEntry("timed_out", 0L).hasSize(Outcome.values().length);
    }

    private final class Collecting implements MetricExporter
    {
        @Override
        public CompletableResultCode export(final Collection<MetricData> metrics)
        {
            exported.addAll(metrics);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush()
        {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown()
        {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(final InstrumentType instrumentType)
        {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
