package io.switchboard.agent.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.server.Responder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each span test runs twice: with Switchboard's own SDK API, and through {@link GlobalOtelBridge}
 * bound (by reflection, as it binds to the OpenTelemetry Java agent's copy) to an application
 * {@link OpenTelemetry} over the same in-memory exporter.
 */
class RpcTracingTest
{
    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private SdkTracerProvider provider;

    @AfterEach
    void shutdown()
    {
        if (null != provider)
        {
            provider.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "bridge"})
    void serverSpanContinuesTheClientSpanAndNestedCallsContinueTheServerSpan(final String api) throws Exception
    {
        final RpcTracing tracing = tracing(api, Sampler.parentBased(Sampler.alwaysOn()));

        final ClientSpan client = tracing.startClient("shop.Inventory", "reserve");
        assertThat(client.sampled()).isTrue();
        assertThat(client.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]"); // 02: W3C level-2 random id

        final ServerSpan server = tracing.startServer("shop.Inventory", "reserve", client.traceparent(), "", "", true,
            "10.0.0.5", 40123).wrap(new NullResponder());
        final ClientSpan nested;
        try (TraceScope ignored = server.makeCurrent())
        {
            nested = tracing.startClient("shop.Pricing", "quote");
        }
        nested.attempt("10.0.0.6", 40124, false, 77, "OK");
        nested.end(null);
        server.reply(1, CallStatus.OK, new UnsafeBuffer(new byte[0]), 0, 0);
        client.attempt("10.0.0.5", 40123, true, 42, "OK");
        client.end(null);

        final SpanData clientData = span("shop.Inventory/reserve", SpanKind.CLIENT);
        final SpanData serverData = span("shop.Inventory/reserve", SpanKind.SERVER);
        final SpanData nestedData = span("shop.Pricing/quote", SpanKind.CLIENT);
        assertThat(serverData.getParentSpanId()).isEqualTo(clientData.getSpanId());
        assertThat(serverData.getParentSpanContext().isRemote()).isTrue();
        assertThat(nestedData.getParentSpanId()).isEqualTo(serverData.getSpanId());
        assertThat(nestedData.getTraceId()).isEqualTo(clientData.getTraceId());

        assertThat(clientData.getAttributes().asMap()).containsAllEntriesOf(Map.of(
            AttributeKey.stringKey("rpc.system.name"), "switchboard",
            AttributeKey.stringKey("rpc.method"), "shop.Inventory/reserve",
            AttributeKey.stringKey("rpc.response.status_code"), "OK",
            AttributeKey.stringKey("server.address"), "10.0.0.5",
            AttributeKey.longKey("server.port"), 40123L,
            AttributeKey.stringKey("network.transport"), "pipe",
            AttributeKey.stringKey("rpc.system"), "switchboard",
            AttributeKey.stringKey("rpc.service"), "shop.Inventory"));
        assertThat(clientData.getEvents()).singleElement().satisfies(event ->
        {
            assertThat(event.getName()).isEqualTo("attempt");
            assertThat(event.getAttributes().get(AttributeKey.longKey("switchboard.provider.pid"))).isEqualTo(42L);
            assertThat(event.getAttributes().get(AttributeKey.stringKey("switchboard.call.status"))).isEqualTo("OK");
        });
        assertThat(serverData.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(40123L);
        assertThat(serverData.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("shop.Inventory/reserve");
        assertThat(serverData.getAttributes().get(AttributeKey.stringKey("rpc.response.status_code"))).isEqualTo("OK");
        assertThat(clientData.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "bridge"})
    void exceptionsAreRecordedOnBothSpansAndProtocolErrorsNameTheStatus(final String api) throws Exception
    {
        final RpcTracing tracing = tracing(api, Sampler.alwaysOn());
        final ClientSpan client = tracing.startClient("shop.Inventory", "reserve");
        final ServerSpan server = tracing.startServer("shop.Inventory", "reserve", client.traceparent(), null, null, true,
            "h", 1).wrap(new NullResponder());
        final IllegalStateException thrown = new IllegalStateException("out of stock");
        server.failed(thrown);
        server.reply(1, CallStatus.APPLICATION_ERROR, new UnsafeBuffer(new byte[0]), 0, 0);
        client.end(thrown);

        for (final SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.SERVER))
        {
            final SpanData data = span("shop.Inventory/reserve", kind);
            assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(data.getStatus().getDescription()).isEqualTo("out of stock");
            assertThat(data.getAttributes().get(AttributeKey.stringKey("error.type")))
                .isEqualTo("java.lang.IllegalStateException");
            assertThat(data.getEvents()).anyMatch(e -> "exception".equals(e.getName()));
        }

        final ServerSpan late = tracing.startServer("shop.Inventory", "count", "", "", "", false, "h", 1)
            .wrap(new NullResponder());
        late.replyError(2, CallStatus.DEADLINE_EXCEEDED, "the caller's deadline passed");
        final SpanData lateData = span("shop.Inventory/count", SpanKind.SERVER);
        assertThat(lateData.getParentSpanContext().isValid()).as("no caller context: a root span").isFalse();
        assertThat(lateData.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("DEADLINE_EXCEEDED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "bridge"})
    void anUnsampledCallMakesNoSpansButKeepsTheDecisionDownstream(final String api) throws Exception
    {
        final RpcTracing tracing = tracing(api, Sampler.parentBased(Sampler.alwaysOff()));
        final ClientSpan client = tracing.startClient("shop.Inventory", "reserve");
        assertThat(client.sampled()).isFalse();
        assertThat(client.traceparent()).matches(".*-0[02]"); // sampled bit clear

        final ServerSpan server = tracing.startServer("shop.Inventory", "reserve", client.traceparent(), "", "", false,
            "h", 1).wrap(new NullResponder());
        final ClientSpan nested;
        try (TraceScope ignored = server.makeCurrent())
        {
            nested = tracing.startClient("shop.Pricing", "quote");
        }
        assertThat(nested.sampled()).isFalse();
        assertThat(nested.traceparent()).contains(client.traceparent().substring(3, 35));
        nested.end(null);
        server.reply(1, CallStatus.OK, new UnsafeBuffer(new byte[0]), 0, 0);
        client.end(null);
        assertThat(exported).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "bridge"})
    void theThreadCompletingAnAsyncCallGetsTheCallersContextNotTheClientSpan(final String api) throws Exception
    {
        final RpcTracing tracing = tracing(api, Sampler.parentBased(Sampler.alwaysOn()));
        final Span user = provider.get("app").spanBuilder("user-work").startSpan();
        final ClientSpan client;
        try (Scope ignored = user.storeInContext(Baggage.current().toBuilder().put("tenant", "acme").build()
            .storeInContext(Context.current())).makeCurrent())
        {
            client = tracing.startClient("shop.Inventory", "reserve");
        }
        final ExecutorService callbackThread = Executors.newSingleThreadExecutor();
        try
        {
            final String seen = CompletableFuture.supplyAsync(() ->
            {
                try (TraceScope ignored = client.restoreCallerContext())
                {
                    return Span.current().getSpanContext().getSpanId() + " " + Baggage.current().getEntryValue("tenant");
                }
            }, callbackThread).get(10, TimeUnit.SECONDS);
            assertThat(seen).isEqualTo(user.getSpanContext().getSpanId() + " acme");
            assertThat(callbackThread.submit(() -> Span.current().getSpanContext().isValid()).get(10, TimeUnit.SECONDS))
                .as("the scope restored the callback thread's own context").isFalse();
        }
        finally
        {
            callbackThread.shutdownNow();
        }
        client.end(null);
        user.end();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "bridge"})
    void baggageTravelsToTheProviderAndOnToNestedCalls(final String api) throws Exception
    {
        final RpcTracing tracing = tracing(api, Sampler.parentBased(Sampler.alwaysOn()));
        final ClientSpan client;
        try (Scope ignored = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent())
        {
            client = tracing.startClient("shop.Inventory", "reserve");
        }
        assertThat(client.baggage()).isEqualTo("tenant=acme");

        final ServerSpan server = tracing.startServer("shop.Inventory", "reserve", client.traceparent(),
            client.tracestate(), client.baggage(), true, "h", 1).wrap(new NullResponder());
        final String seenByTheMethod;
        final ClientSpan nested;
        try (TraceScope ignored = server.makeCurrent())
        {
            seenByTheMethod = Baggage.current().getEntryValue("tenant");
            nested = tracing.startClient("shop.Pricing", "quote");
        }
        assertThat(seenByTheMethod).isEqualTo("acme");
        assertThat(nested.baggage()).isEqualTo("tenant=acme");
        assertThat(Baggage.current().isEmpty()).as("the scope restored the worker's context").isTrue();
        nested.end(null);
        server.reply(1, CallStatus.OK, new UnsafeBuffer(new byte[0]), 0, 0);
        client.end(null);
    }

    @Test
    void clientEventsRecordFallbacksAndRejections() throws Exception
    {
        final RpcTracing tracing = tracing("sdk", Sampler.alwaysOn());
        final ClientSpan client = tracing.startClient("shop.Inventory", "reserve");
        client.circuit(42, "OPEN");
        client.fallback("com.acme.InventoryFallback");
        client.end(null);
        final SpanData data = span("shop.Inventory/reserve", SpanKind.CLIENT);
        assertThat(data.getEvents()).extracting(event -> event.getName()).containsExactly("circuit", "fallback");
        assertThat(data.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("switchboard.circuit.state")))
            .isEqualTo("OPEN");
        assertThat(data.getEvents().get(0).getAttributes().get(AttributeKey.longKey("switchboard.provider.pid")))
            .isEqualTo(42L);
        assertThat(data.getAttributes().get(AttributeKey.stringKey("switchboard.fallback")))
            .isEqualTo("com.acme.InventoryFallback");
    }

    @Test
    void everyAttemptOfAFailedOverCallIsAnEventOnTheOneClientSpan() throws Exception
    {
        final RpcTracing tracing = tracing("sdk", Sampler.alwaysOn());
        final ClientSpan client = tracing.startClient("shop.Inventory", "reserve");
        client.attempt("10.0.0.5", 40123, false, 41, "NOT_DELIVERED");
        client.attempt("10.0.0.6", 40124, false, 42, "OK");
        client.end(null);
        final SpanData data = span("shop.Inventory/reserve", SpanKind.CLIENT);
        final List<String> statuses = data.getEvents().stream()
            .map(event -> event.getAttributes().get(AttributeKey.stringKey("switchboard.call.status"))).toList();
        assertThat(statuses).containsExactly("NOT_DELIVERED", "OK");
        final List<String> errors = data.getEvents().stream()
            .map(event -> event.getAttributes().get(AttributeKey.stringKey("error.type"))).toList();
        assertThat(errors).as("only the failed attempt has an error.type").containsExactly("NOT_DELIVERED", null);
        assertThat(data.getAttributes().get(AttributeKey.longKey("switchboard.attempts"))).isEqualTo(2L);
        assertThat(data.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("10.0.0.6");
        assertThat(data.getAttributes().get(AttributeKey.stringKey("rpc.response.status_code"))).isEqualTo("OK");
    }

    @Test
    void otelResourceAttributesDescribeTheProcess()
    {
        final var resource = TracingSdk.resourceAttributes(settings(Map.of("otel.resource.attributes",
            "deployment.environment.name=prod, team=shop%20floor")));
        assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))).isEqualTo("prod");
        assertThat(resource.getAttribute(AttributeKey.stringKey("team"))).isEqualTo("shop floor");
        assertThatThrownBy(() -> TracingSdk.resourceAttributes(settings(Map.of("otel.resource.attributes", "oops"))))
            .hasMessageContaining("otel.resource.attributes=oops").hasMessageContaining("key=value");
    }

    @Test
    void otelKeysChooseExportersAndSamplerWithClearErrors()
    {
        assertThat(TracingSdk.exporters(settings(Map.of()))).isEmpty();
        assertThat(TracingSdk.exporters(settings(Map.of("otel.traces.exporter", "none")))).isEmpty();
        assertThat(TracingSdk.exporters(settings(Map.of("otel.traces.exporter", "Zipkin, logging"))))
            .containsExactly("zipkin", "logging");
        assertThat(TracingSdk.sampler(settings(Map.of())).getDescription()).startsWith("ParentBased{root:AlwaysOnSampler");
        assertThat(TracingSdk.sampler(settings(Map.of("otel.traces.sampler", "parentbased_traceidratio",
            "otel.traces.sampler.arg", "0.25"))).getDescription()).contains("0.25");
        assertThatThrownBy(() -> TracingSdk.sampler(settings(Map.of("otel.traces.sampler", "sometimes"))))
            .hasMessageContaining("otel.traces.sampler=sometimes").hasMessageContaining("parentbased_always_on");
        assertThatThrownBy(() -> TracingSdk.build(settings(Map.of("otel.traces.exporter", "jaeger")), "svc"))
            .hasMessageContaining("otel.traces.exporter=jaeger").hasMessageContaining("otlp, zipkin, logging or none");
        final OtelSettings fromEnv = new OtelSettings(Map.of(), Map.of(), Map.of("OTEL_TRACES_EXPORTER", "otlp"));
        assertThat(TracingSdk.exporters(fromEnv)).containsExactly("otlp");
        TracingSdk.shutdown(TracingSdk.build(new OtelSettings(Map.of("otel.traces.exporter", "otlp"), Map.of(),
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")), "svc"));
    }

    @Test
    void otlpSpeaksGrpcOrHttpProtobufAndNamesTheKeyOfAnyOtherProtocol()
    {
        assertThat(TracingSdk.otlpExporter(settings(Map.of("otel.exporter.otlp.protocol", "grpc"))).toString())
            .contains("OtlpGrpcSpanExporter").contains("localhost:4317");
        assertThat(TracingSdk.otlpExporter(settings(Map.of("otel.exporter.otlp.protocol", "grpc",
            "otel.exporter.otlp.traces.protocol", "http/protobuf"))).toString())
            .contains("OtlpHttpSpanExporter").contains("localhost:4318/v1/traces");
        assertThatThrownBy(() -> TracingSdk.otlpExporter(settings(Map.of("otel.exporter.otlp.traces.protocol", "http/json"))))
            .hasMessageContaining("otel.exporter.otlp.traces.protocol=http/json").hasMessageContaining("grpc")
            .hasMessageContaining("http/protobuf");
        assertThatThrownBy(() -> TracingSdk.otlpExporter(settings(Map.of("otel.exporter.otlp.protocol", "thrift"))))
            .hasMessageContaining("otel.exporter.otlp.protocol=thrift");
    }

    private static OtelSettings settings(final Map<String, String> properties)
    {
        return new OtelSettings(Map.of(), properties, Map.of());
    }

    private RpcTracing tracing(final String api, final Sampler sampler) throws ReflectiveOperationException
    {
        provider = SdkTracerProvider.builder()
            .setSampler(sampler)
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter()
            {
                @Override
                public CompletableResultCode export(final Collection<SpanData> spans)
                {
                    exported.addAll(spans);
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
            }))
            .build();
        if ("sdk".equals(api))
        {
            return new RpcTracing(provider.get("test"));
        }
        final TracerProvider tracers = provider;
        final ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
        final OpenTelemetry application = new OpenTelemetry()
        {
            @Override
            public TracerProvider getTracerProvider()
            {
                return tracers;
            }

            @Override
            public ContextPropagators getPropagators()
            {
                return propagators;
            }
        };
        return new RpcTracing(new GlobalOtelBridge(application, getClass().getClassLoader(), "io.opentelemetry", "test",
            "the test's OpenTelemetry"));
    }

    private SpanData span(final String name, final SpanKind kind)
    {
        final List<SpanData> matches = exported.stream()
            .filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertThat(matches).as(kind + " " + name + " in " + exported).hasSize(1);
        return matches.get(0);
    }

    private static final class NullResponder implements Responder
    {
        @Override
        public boolean reply(final long correlationId, final CallStatus status, final DirectBuffer payload,
            final int offset, final int length)
        {
            return true;
        }

        @Override
        public boolean replyError(final long correlationId, final CallStatus status, final String message)
        {
            return true;
        }

        @Override
        public long clientId()
        {
            return 1;
        }

        @Override
        public boolean isConnected()
        {
            return true;
        }
    }
}
