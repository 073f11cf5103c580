package io.switchboard.agent.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The CLIENT span of one logical call: covers every attempt (each an {@code attempt} event naming
 * the provider it went to and how it ended) and carries the W3C headers the requests send.
 */
public final class ClientSpan
{
    static final TextMapSetter<ClientSpan> SETTER = (carrier, key, value) ->
    {
        if (null == carrier)
        {
            return;
        }
        if ("traceparent".equals(key))
        {
            carrier.traceparent = value;
        }
        else if ("tracestate".equals(key))
        {
            carrier.tracestate = value;
        }
    };

    private final Span span;
    private final boolean recording;
    private String traceparent;
    private String tracestate;
    private int attempts;

    ClientSpan(final Span span)
    {
        this.span = span;
        this.recording = span.isRecording();
    }

    /**
     * @return whether this call is sampled: the request's SAMPLED flag, so the provider can skip span work.
     */
    public boolean sampled()
    {
        return span.getSpanContext().isSampled();
    }

    /**
     * @return the W3C traceparent for the request, or {@code null}.
     */
    public String traceparent()
    {
        return traceparent;
    }

    /**
     * @return the W3C tracestate for the request, or {@code null}.
     */
    public String tracestate()
    {
        return tracestate;
    }

    /**
     * Records one attempt: the provider it went to and how it ended. The span's {@code server.*} and
     * {@code network.transport} attributes name the last attempt's provider.
     *
     * @param host   the provider's host.
     * @param port   the provider's port.
     * @param ipc    whether the request went over {@code aeron:ipc} (shared memory) rather than UDP.
     * @param pid    the provider's process id.
     * @param status the transport's status of the reply, e.g. {@code OK}, {@code NOT_DELIVERED}.
     */
    public void attempt(final String host, final int port, final boolean ipc, final long pid, final String status)
    {
        attempts++;
        if (!recording)
        {
            return;
        }
        span.setAttribute(RpcAttributes.SERVER_ADDRESS, host);
        span.setAttribute(RpcAttributes.SERVER_PORT, (long)port);
        span.setAttribute(RpcAttributes.NETWORK_TRANSPORT, ipc ? "pipe" : "udp");
        span.addEvent("attempt", Attributes.of(
            RpcAttributes.ATTEMPT, (long)attempts,
            RpcAttributes.SERVER_ADDRESS, host,
            RpcAttributes.SERVER_PORT, (long)port,
            RpcAttributes.PROVIDER_PID, pid,
            RpcAttributes.CALL_STATUS, status));
    }

    /**
     * Records a {@code circuit} event: this call changed a provider's circuit breaker, or found every
     * provider's circuit open.
     *
     * @param pid   the provider's process id, 0 when the event is about all of them.
     * @param state the new state ({@code OPEN}, {@code HALF_OPEN}, {@code CLOSED}) or {@code ALL_OPEN}.
     */
    public void circuit(final long pid, final String state)
    {
        if (recording)
        {
            span.addEvent("circuit", Attributes.of(RpcAttributes.PROVIDER_PID, pid, RpcAttributes.CIRCUIT_STATE, state));
        }
    }

    /**
     * Records a {@code fallback} event and attribute: no provider could serve, and a fallback answered.
     *
     * @param by {@code local} or the fallback class's name.
     */
    public void fallback(final String by)
    {
        if (recording)
        {
            span.setAttribute(RpcAttributes.FALLBACK, by);
            span.addEvent("fallback", Attributes.of(RpcAttributes.FALLBACK, by));
        }
    }

    /**
     * Ends the span.
     *
     * @param error what the caller sees thrown, or {@code null} on success.
     */
    public void end(final Throwable error)
    {
        if (recording)
        {
            span.setAttribute(RpcAttributes.ATTEMPTS, (long)attempts);
            if (null != error)
            {
                span.recordException(error);
                span.setAttribute(RpcAttributes.ERROR_TYPE, error.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            }
        }
        span.end();
    }
}
