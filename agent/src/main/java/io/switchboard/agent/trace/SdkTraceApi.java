package io.switchboard.agent.trace;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.List;

/**
 * Spans made with Switchboard's own relocated OpenTelemetry API and a {@link Tracer} of its SDK;
 * W3C trace context and baggage propagated. Used when the application has no OpenTelemetry of its own.
 */
final class SdkTraceApi implements TraceApi
{
    private static final TextMapSetter<HeaderSink> SETTER = (sink, key, value) ->
    {
        if (null != sink)
        {
            sink.header(key, value);
        }
    };

    /** Reads a request's {traceparent, tracestate, baggage}. */
    private static final TextMapGetter<String[]> GETTER = new TextMapGetter<>()
    {
        @Override
        public Iterable<String> keys(final String[] carrier)
        {
            return List.of(ClientSpan.TRACEPARENT, ClientSpan.TRACESTATE, ClientSpan.BAGGAGE);
        }

        @Override
        public String get(final String[] carrier, final String key)
        {
            return null == carrier ? null : ClientSpan.header(carrier, key);
        }
    };

    /** Reads a traceparent that is the whole carrier. */
    private static final TextMapGetter<String> TRACEPARENT_ONLY = new TextMapGetter<>()
    {
        @Override
        public Iterable<String> keys(final String carrier)
        {
            return List.of(ClientSpan.TRACEPARENT);
        }

        @Override
        public String get(final String carrier, final String key)
        {
            return ClientSpan.TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator = TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    /**
     * @param tracer where spans are made.
     */
    SdkTraceApi(final Tracer tracer)
    {
        this.tracer = tracer;
    }

    @Override
    public Object currentContext()
    {
        return Context.current();
    }

    @Override
    public Object extract(final String traceparent, final String tracestate, final String baggage)
    {
        if (isEmpty(tracestate) && isEmpty(baggage))
        {
            // The common request: trace context only, read straight from the traceparent.
            return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT_ONLY);
        }
        return propagator.extract(Context.root(), new String[] {traceparent, tracestate, baggage}, GETTER);
    }

    @Override
    public void injectClient(final Object parent, final Object span, final HeaderSink sink)
    {
        final SpanContext spanContext = ((Span)span).getSpanContext();
        if (spanContext.isValid() && spanContext.getTraceState().isEmpty() && Baggage.fromContext((Context)parent).isEmpty())
        {
            // The common call: no tracestate, no baggage; the traceparent without building a context.
            sink.header(ClientSpan.TRACEPARENT, "00-" + spanContext.getTraceId() + '-' + spanContext.getSpanId() + '-' +
                spanContext.getTraceFlags().asHex());
            return;
        }
        inject(with(parent, span), sink);
    }

    private static boolean isEmpty(final String value)
    {
        return null == value || value.isEmpty();
    }

    @Override
    public Object rootContext()
    {
        return Context.root();
    }

    @Override
    public boolean isUnsampled(final Object context)
    {
        final SpanContext spanContext = Span.fromContext((Context)context).getSpanContext();
        return spanContext.isValid() && !spanContext.isSampled();
    }

    /**
     * The sampler decides before any attribute is copied: the samplers {@link TracingSdk} builds (the
     * standard ones) do not read attributes, so an unsampled span costs no attribute work.
     */
    @Override
    public Object startSpan(final String name, final SpanKind kind, final Object parent, final Attributes attributes)
    {
        final Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent((Context)parent).startSpan();
        if (span.isRecording())
        {
            span.setAllAttributes(attributes);
        }
        return span;
    }

    @Override
    public Object with(final Object context, final Object span)
    {
        return ((Context)context).with((Span)span);
    }

    @Override
    public void inject(final Object context, final HeaderSink sink)
    {
        propagator.inject((Context)context, sink, SETTER);
    }

    @Override
    public boolean isRecording(final Object span)
    {
        return ((Span)span).isRecording();
    }

    @Override
    public boolean isSampled(final Object span)
    {
        return ((Span)span).getSpanContext().isSampled();
    }

    @Override
    public void setAttribute(final Object span, final AttributeKey<String> key, final String value)
    {
        ((Span)span).setAttribute(key, value);
    }

    @Override
    public void setAttribute(final Object span, final AttributeKey<Long> key, final long value)
    {
        ((Span)span).setAttribute(key, value);
    }

    @Override
    public void addEvent(final Object span, final String name, final Attributes attributes)
    {
        ((Span)span).addEvent(name, attributes);
    }

    @Override
    public void recordException(final Object span, final Throwable error)
    {
        ((Span)span).recordException(error);
    }

    @Override
    public void setError(final Object span, final String description)
    {
        ((Span)span).setStatus(StatusCode.ERROR, description);
    }

    @Override
    public void end(final Object span)
    {
        ((Span)span).end();
    }

    @Override
    public TraceScope makeCurrent(final Object context)
    {
        final Scope scope = ((Context)context).makeCurrent();
        return scope::close;
    }
}
