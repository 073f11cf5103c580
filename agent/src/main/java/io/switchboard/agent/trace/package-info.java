/**
 * Tracing: a CLIENT span per logical call and a SERVER span per execution (OpenTelemetry RPC
 * semantic conventions v1.39.0), W3C trace context and baggage carried in the request envelope.
 * Spans go through the application's OpenTelemetry when it has one (the OpenTelemetry Java agent's,
 * reached by {@code GlobalOtelBridge}), else through Switchboard's own
 * relocated SDK configured by the standard {@code otel.*} keys.
 */
package io.switchboard.agent.trace;
