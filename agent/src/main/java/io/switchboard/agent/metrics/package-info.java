/**
 * OpenTelemetry metrics of the call path, built only when {@code otel.metrics.exporter} names an
 * exporter: {@link io.switchboard.agent.metrics.MetricsSdk} builds the meter provider and
 * {@link io.switchboard.agent.metrics.CallMetrics} reports the per-service call outcome counters.
 */
package io.switchboard.agent.metrics;
