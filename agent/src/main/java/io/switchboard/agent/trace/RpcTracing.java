package io.switchboard.agent.trace;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;

/**
 * Client and server spans for Switchboard calls, following the OpenTelemetry RPC semantic
 * conventions (v1.39.0, see {@link RpcAttributes}): span name and {@code rpc.method}
 * {@code service/method}, {@code rpc.system.name=switchboard}, {@code server.address},
 * {@code server.port}, {@code network.transport}, {@code rpc.response.status_code},
 * {@code error.type}, status ERROR on failure, exceptions recorded; W3C trace context and baggage
 * propagated.
 *
 * <p>Spans are made with the application's OpenTelemetry when it has one (the OpenTelemetry Java
 * agent's, see {@link #ofApplication}), else with Switchboard's own SDK. The call and serving paths ask
 * {@link #current()}, which is {@code null} while tracing is off: then a call does no tracing work at
 * all (not even a context lookup).
 */
public final class RpcTracing
{
    private static volatile RpcTracing current;

    private final TraceApi api;
    private final MethodAttributes.Cache methods = new MethodAttributes.Cache();

    /**
     * @param tracer where spans are made: Switchboard's own SDK.
     */
    public RpcTracing(final Tracer tracer)
    {
        this(new SdkTraceApi(tracer));
    }

    RpcTracing(final TraceApi api)
    {
        this.api = api;
    }

    /**
     * Tracing through the application's own OpenTelemetry: the OpenTelemetry Java agent's (which must
     * come before Switchboard on the command line), else a {@code GlobalOpenTelemetry} already set.
     *
     * @param version Switchboard's version, for the tracer's scope.
     * @return the tracing, or {@code null} when the application has no OpenTelemetry.
     * @throws ReflectiveOperationException when it has one that lacks a method Switchboard needs.
     */
    public static RpcTracing ofApplication(final String version) throws ReflectiveOperationException
    {
        final GlobalOtelBridge bridge = GlobalOtelBridge.find(version);
        return null == bridge ? null : new RpcTracing(bridge);
    }

    /**
     * @return whether the OpenTelemetry Java agent's jar is on the class path (set up yet or not).
     */
    public static boolean javaAgentPresent()
    {
        return GlobalOtelBridge.javaAgentPresent();
    }

    /**
     * @return where spans go, for the startup line.
     */
    public String describe()
    {
        return api instanceof GlobalOtelBridge ? api.toString() : "Switchboard's SDK";
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
     * the caller's thread (a provider's server span when called from a served method, or a span of
     * the application's own OpenTelemetry).
     *
     * @param service the service name.
     * @param method  the method name.
     * @return the span; end it with {@link ClientSpan#end(Throwable)}.
     */
    public ClientSpan startClient(final String service, final String method)
    {
        final Object parent = api.currentContext();
        final MethodAttributes names = methods.of(service, method);
        final Object span = api.startSpan(names.fullMethod(), SpanKind.CLIENT, parent, names.client());
        final ClientSpan client = new ClientSpan(api, span, parent);
        // Even an unsampled span's context travels, so the provider keeps the "not sampled" decision.
        api.injectClient(parent, span, client);
        return client;
    }

    /**
     * Starts the SERVER span of one execution, child of the caller's client span.
     *
     * @param service     the service name.
     * @param method      the method name.
     * @param traceparent the request's W3C traceparent, or "".
     * @param tracestate  the request's W3C tracestate, or "".
     * @param baggage     the request's W3C baggage, or "".
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
        final String baggage,
        final boolean sampled,
        final String host,
        final int port)
    {
        final Object remote = isEmpty(traceparent) && isEmpty(baggage) ?
            api.rootContext() : api.extract(traceparent, tracestate, baggage);
        if (!sampled && api.isUnsampled(remote))
        {
            // The caller decided not to sample: carry its context for nested calls, make no span.
            return new ServerSpan(api, null, remote);
        }
        final MethodAttributes names = methods.of(service, method);
        final Object span = api.startSpan(names.fullMethod(), SpanKind.SERVER, remote, names.server(host, port));
        return new ServerSpan(api, span, api.with(remote, span));
    }

    private static boolean isEmpty(final String value)
    {
        return null == value || value.isEmpty();
    }
}
