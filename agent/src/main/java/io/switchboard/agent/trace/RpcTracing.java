package io.switchboard.agent.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * Client and server spans for Switchboard calls, following the OpenTelemetry RPC semantic
 * conventions (v1.37.0): span name {@code service/method}, {@code rpc.system=switchboard},
 * {@code rpc.service}, {@code rpc.method}, {@code server.address}, {@code server.port},
 * {@code network.transport}, {@code error.type}, status ERROR on failure, exceptions recorded.
 *
 * <p>The call and serving paths ask {@link #current()}, which is {@code null} while tracing is off:
 * then a call does no tracing work at all (not even a context lookup).
 */
public final class RpcTracing
{
    private static volatile RpcTracing current;

    private final Tracer tracer;
    private final W3CTraceContextPropagator propagator = W3CTraceContextPropagator.getInstance();

    /**
     * @param tracer where spans are made.
     */
    public RpcTracing(final Tracer tracer)
    {
        this.tracer = tracer;
    }

    /**
     * @return the installed tracing, or {@code null} when tracing is off.
     */
    public static RpcTracing current()
    {
        return current;
    }

    /**
     * Installs (or with {@code null} removes) the tracing used by every call from now on.
     *
     * @param tracing the tracing, or {@code null}.
     */
    public static void install(final RpcTracing tracing)
    {
        current = tracing;
    }

    /**
     * Starts the CLIENT span of one logical call (all its attempts), child of the context current on
     * the caller's thread (a provider's server span when called from a served method).
     *
     * @param service the service name ({@code rpc.service}).
     * @param method  the method name ({@code rpc.method}).
     * @return the span; end it with {@link ClientSpan#end(Throwable)}.
     */
    public ClientSpan startClient(final String service, final String method)
    {
        final Context parent = Context.current();
        final SpanBuilder builder = tracer.spanBuilder(service + '/' + method)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(RpcAttributes.RPC_SYSTEM, RpcAttributes.SYSTEM)
            .setAttribute(RpcAttributes.RPC_SERVICE, service)
            .setAttribute(RpcAttributes.RPC_METHOD, method);
        final Span span = builder.startSpan();
        final ClientSpan client = new ClientSpan(span);
        // Even an unsampled span's context travels, so the provider keeps the "not sampled" decision.
        propagator.inject(parent.with(span), client, ClientSpan.SETTER);
        return client;
    }

    /**
     * Starts the SERVER span of one execution, child of the caller's client span.
     *
     * @param service     the service name.
     * @param method      the method name.
     * @param traceparent the request's W3C traceparent, or "".
     * @param tracestate  the request's W3C tracestate, or "".
     * @param sampled     whether the caller sampled the call (the request's SAMPLED flag).
     * @param host        this provider's advertised host.
     * @param port        this provider's port.
     * @return the span, or only the caller's context (no span work) when the caller did not sample.
     */
    public ServerSpan startServer(
        final String service,
        final String method,
        final String traceparent,
        final String tracestate,
        final boolean sampled,
        final String host,
        final int port)
    {
        final Context remote = null == traceparent || traceparent.isEmpty() ?
            Context.root() : propagator.extract(Context.root(), new String[] {traceparent, tracestate}, GETTER);
        if (!sampled && Span.fromContext(remote).getSpanContext().isValid())
        {
            // The caller decided not to sample: carry its context for nested calls, make no span.
            return new ServerSpan(Span.fromContext(remote), remote, false);
        }
        final Span span = tracer.spanBuilder(service + '/' + method)
            .setSpanKind(SpanKind.SERVER)
            .setParent(remote)
            .setAllAttributes(Attributes.of(
                RpcAttributes.RPC_SYSTEM, RpcAttributes.SYSTEM,
                RpcAttributes.RPC_SERVICE, service,
                RpcAttributes.RPC_METHOD, method,
                RpcAttributes.SERVER_ADDRESS, host,
                RpcAttributes.SERVER_PORT, (long)port))
            .startSpan();
        return new ServerSpan(span, remote.with(span), true);
    }

    private static final TextMapGetter<String[]> GETTER = new TextMapGetter<>()
    {
        @Override
        public Iterable<String> keys(final String[] carrier)
        {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(final String[] carrier, final String key)
        {
            if (null == carrier)
            {
                return null;
            }
            if ("traceparent".equals(key))
            {
                return carrier[0];
            }
            return "tracestate".equals(key) && null != carrier[1] && !carrier[1].isEmpty() ? carrier[1] : null;
        }
    };

}
