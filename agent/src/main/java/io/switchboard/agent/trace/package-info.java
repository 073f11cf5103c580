/**
 * Tracing: a CLIENT span per logical call and a SERVER span per execution (OpenTelemetry RPC
 * semantic conventions v1.37.0), W3C trace context carried in the request envelope, spans exported
 * by Switchboard's own relocated SDK configured by the standard {@code otel.*} keys.
 */
package io.switchboard.agent.trace;
