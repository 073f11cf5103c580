package io.switchboard.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * The OpenTelemetry API Switchboard's spans are made with: its own relocated SDK ({@link SdkTraceApi})
 * or the application's {@code GlobalOpenTelemetry} ({@link GlobalOtelBridge}), whose classes our
 * relocated code cannot name. Spans and contexts are therefore plain objects of the chosen API.
 */
interface TraceApi
{
    /** The W3C headers a request carries; {@link ClientSpan} collects them. */
    interface HeaderSink
    {
        /**
         * @param name  {@code traceparent}, {@code tracestate} or {@code baggage}.
         * @param value its value.
         */
        void header(String name, String value);
    }

    /**
     * @return the context current on this thread.
     */
    Object currentContext();

    /**
     * @param traceparent the request's W3C traceparent (not empty).
     * @param tracestate  its tracestate, or "".
     * @param baggage     its baggage, or "".
     * @return the caller's context, with its baggage.
     */
    Object extract(String traceparent, String tracestate, String baggage);

    /**
     * @return the empty context, for a request that carries none.
     */
    Object rootContext();

    /**
     * @param context a context.
     * @return whether it holds a valid span context that is not sampled (the caller decided not to record).
     */
    boolean isUnsampled(Object context);

    /**
     * @param name       span name.
     * @param kind       CLIENT or SERVER.
     * @param parent     the parent context.
     * @param attributes attributes known at start (a sampler that reads attributes sees them).
     * @return the started span.
     */
    Object startSpan(String name, SpanKind kind, Object parent, Attributes attributes);

    /**
     * @param context a context.
     * @param span    a span.
     * @return {@code context} with {@code span} as its span.
     */
    Object with(Object context, Object span);

    /**
     * Writes the W3C headers (trace context and baggage) of {@code context} into {@code sink}.
     */
    void inject(Object context, HeaderSink sink);

    /**
     * Writes the W3C headers of a CLIENT span: its trace context and the caller's baggage.
     *
     * @param parent the caller's context.
     * @param span   the CLIENT span started in it.
     * @param sink   where the headers go.
     */
    default void injectClient(final Object parent, final Object span, final HeaderSink sink)
    {
        inject(with(parent, span), sink);
    }

    /**
     * @return whether the span records (is sampled and not a no-op).
     */
    boolean isRecording(Object span);

    /**
     * @return whether the span's context carries the sampled flag.
     */
    boolean isSampled(Object span);

    /** Sets a string attribute. */
    void setAttribute(Object span, AttributeKey<String> key, String value);

    /** Sets a long attribute. */
    void setAttribute(Object span, AttributeKey<Long> key, long value);

    /** Adds an event. */
    void addEvent(Object span, String name, Attributes attributes);

    /** Records an exception event. */
    void recordException(Object span, Throwable error);

    /** Sets status ERROR with a description. */
    void setError(Object span, String description);

    /** Ends the span. */
    void end(Object span);

    /**
     * @param context a context.
     * @return a scope that makes it current on this thread until closed.
     */
    TraceScope makeCurrent(Object context);
}
