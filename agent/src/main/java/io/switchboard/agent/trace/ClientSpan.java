package io.switchboard.agent.trace;

import io.opentelemetry.api.common.Attributes;

/**
 * The CLIENT span of one logical call: covers every attempt (each an {@code attempt} event naming
 * the provider it went to and how it ended, with {@code error.type} when it failed) and carries the W3C headers the requests send
 * ({@code traceparent}, {@code tracestate}, {@code baggage}).
 */
public final class ClientSpan implements TraceApi.HeaderSink
{
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    static final String BAGGAGE = "baggage";
    /** W3C's limit for a baggage header; a larger one is dropped rather than cut. */
    static final int MAX_BAGGAGE_LENGTH = 8192;

    private final TraceApi api;
    private final Object span;
    private final Object callerContext;
    private final boolean recording;
    private String traceparent;
    private String tracestate;
    private String baggage;
    private String lastStatus;
    private int attempts;

    ClientSpan(final TraceApi api, final Object span, final Object callerContext)
    {
        this.api = api;
        this.span = span;
        this.callerContext = callerContext;
        this.recording = api.isRecording(span);
    }

    /**
     * @param carrier {traceparent, tracestate, baggage} of a request.
     * @param key     a W3C header name.
     * @return its value, or {@code null} when absent or empty.
     */
    static String header(final String[] carrier, final String key)
    {
        final String value;
        switch (key)
        {
            case TRACEPARENT -> value = carrier[0];
            case TRACESTATE -> value = carrier[1];
            case BAGGAGE -> value = carrier[2];
            default -> value = null;
        }
        return null == value || value.isEmpty() ? null : value;
    }

    @Override
    public void header(final String name, final String value)
    {
        switch (name)
        {
            case TRACEPARENT -> traceparent = value;
            case TRACESTATE -> tracestate = value;
            case BAGGAGE -> baggage = value.length() <= MAX_BAGGAGE_LENGTH ? value : null;
            default ->
            {
                // another propagator's header: the envelope carries only the W3C ones
            }
        }
    }

    /**
     * @return whether this call is sampled: the request's SAMPLED flag, so the provider can skip span work.
     */
    public boolean sampled()
    {
        return api.isSampled(span);
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
     * @return the W3C baggage for the request (the caller's current baggage), or {@code null}.
     */
    public String baggage()
    {
        return baggage;
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
        lastStatus = status;
        if (!recording)
        {
            return;
        }
        api.setAttribute(span, RpcAttributes.SERVER_ADDRESS, host);
        api.setAttribute(span, RpcAttributes.SERVER_PORT, (long)port);
        api.setAttribute(span, RpcAttributes.NETWORK_TRANSPORT, ipc ? "pipe" : "udp");
        api.addEvent(span, "attempt", "OK".equals(status) ?
            Attributes.of(
                RpcAttributes.ATTEMPT, (long)attempts,
                RpcAttributes.SERVER_ADDRESS, host,
                RpcAttributes.SERVER_PORT, (long)port,
                RpcAttributes.PROVIDER_PID, pid,
                RpcAttributes.CALL_STATUS, status) :
            Attributes.of(
                RpcAttributes.ATTEMPT, (long)attempts,
                RpcAttributes.SERVER_ADDRESS, host,
                RpcAttributes.SERVER_PORT, (long)port,
                RpcAttributes.PROVIDER_PID, pid,
                RpcAttributes.CALL_STATUS, status,
                RpcAttributes.ERROR_TYPE, status));
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
            api.addEvent(span, "circuit",
                Attributes.of(RpcAttributes.PROVIDER_PID, pid, RpcAttributes.CIRCUIT_STATE, state));
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
            api.setAttribute(span, RpcAttributes.FALLBACK, by);
            api.addEvent(span, "fallback", Attributes.of(RpcAttributes.FALLBACK, by));
        }
    }

    /**
     * Makes the caller's context current (the one the call was made in, not this span), for the thread
     * that completes an asynchronous call's future: callbacks the caller chained on the future then run
     * in the caller's trace and baggage, as OpenTelemetry's own instrumentations of async clients do.
     *
     * @return the scope to close once the future is completed.
     */
    public TraceScope restoreCallerContext()
    {
        return api.makeCurrent(callerContext);
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
            api.setAttribute(span, RpcAttributes.ATTEMPTS, (long)attempts);
            if (null != lastStatus)
            {
                api.setAttribute(span, RpcAttributes.RPC_RESPONSE_STATUS_CODE, lastStatus);
            }
            if (null != error)
            {
                api.recordException(span, error);
                api.setAttribute(span, RpcAttributes.ERROR_TYPE, error.getClass().getName());
                api.setError(span, String.valueOf(error.getMessage()));
            }
        }
        api.end(span);
    }
}
