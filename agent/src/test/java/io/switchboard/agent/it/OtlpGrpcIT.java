package io.switchboard.agent.it;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.switchboard.agent.it.chain.ChainMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OTLP over gRPC from the agent's relocated SDK: a consumer and a provider run with
 * {@code otel.exporter.otlp.protocol=grpc} against a real gRPC OTLP receiver this test starts (grpc-java,
 * the collector's {@code TraceService/Export} method, requests parsed with the OTLP protobuf messages).
 */
class OtlpGrpcIT
{
    private static final String SPELLER = "chain.Speller";
    private static final int TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    /** Spans the receiver got, each with the {@code service.name} of its resource. */
    private final List<ReceivedSpan> received = new CopyOnWriteArrayList<>();
    private final List<ChildJvm.Running> children = new ArrayList<>();
    private Server receiver;

    private record ReceivedSpan(String service, Span span)
    {
    }

    @BeforeEach
    void startReceiver() throws IOException
    {
        final MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES)
            .build();
        final ServerServiceDefinition traceService = ServerServiceDefinition
            .builder("opentelemetry.proto.collector.trace.v1.TraceService")
            .addMethod(export, ServerCalls.asyncUnaryCall((request, response) ->
            {
                try
                {
                    collect(ExportTraceServiceRequest.parseFrom(request));
                    response.onNext(new byte[0]); // an empty ExportTraceServiceResponse: all accepted
                    response.onCompleted();
                }
                catch (final IOException ex)
                {
                    response.onError(ex);
                }
            }))
            .build();
        receiver = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(traceService).build().start();
    }

    @AfterEach
    void stopAll() throws InterruptedException
    {
        children.forEach(ChildJvm.Running::close);
        receiver.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void consumerAndProviderExportTheirSpansOfOneTraceOverGrpc() throws Exception
    {
        final Path registry = Files.createDirectories(dir.resolve("registry"));
        final String endpoint = "http://127.0.0.1:" + receiver.getPort();

        final List<String> providerArgs = new ArrayList<>(List.of(
            "-Dotel.traces.exporter=otlp", "-Dotel.exporter.otlp.protocol=grpc",
            "-Dotel.exporter.otlp.endpoint=" + endpoint, "-Dotel.service.name=grpc-speller",
            "-javaagent:" + ChildJvm.agentJar() + "=provide=" + SPELLER + ",registry.dir=" + registry +
                ",timeout.ms=" + TIMEOUT_MS,
            "-cp", ChildJvm.testClasses(), ChainMain.class.getName(), "speller"));
        final ChildJvm.Running provider = ChildJvm.start(dir, Map.of(), providerArgs);
        children.add(provider);
        await("provider exported its service").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.readString(provider.err).contains("switchboard: serving") || !provider.process.isAlive());
        assertThat(provider.process.isAlive()).as("provider is running").isTrue();
        assertThat(Files.readString(provider.err)).contains("tracing=otlp");

        // The consumer names the signal-specific key, as agent args; it exits, flushing its span.
        final ChildJvm.Result consumer = ChildJvm.run(dir, Map.of(), List.of(
            "-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + registry + ",timeout.ms=" + TIMEOUT_MS +
                ",otel.traces.exporter=otlp,otel.exporter.otlp.traces.protocol=grpc,otel.exporter.otlp.traces.endpoint=" +
                endpoint + ",otel.service.name=grpc-consumer",
            "-cp", ChildJvm.testClasses(), ChainMain.class.getName(), "speller-consumer"));
        assertThat(consumer.exitCode()).as(consumer + "\n--- provider stderr\n" + Files.readString(provider.err)).isZero();
        assertThat(consumer.out()).contains("result=ADA");
        assertThat(consumer.err()).doesNotContain("failed to start").doesNotContain("Failed to export");

        await("the CLIENT span of grpc-consumer and the SERVER span of grpc-speller at the gRPC receiver")
            .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> find("grpc-consumer", Span.SpanKind.SPAN_KIND_CLIENT).isPresent() &&
                find("grpc-speller", Span.SpanKind.SPAN_KIND_SERVER).isPresent());
        final Span client = find("grpc-consumer", Span.SpanKind.SPAN_KIND_CLIENT).orElseThrow();
        final Span server = find("grpc-speller", Span.SpanKind.SPAN_KIND_SERVER).orElseThrow();
        assertThat(client.getName()).isEqualTo(SPELLER + "/spell");
        assertThat(server.getName()).isEqualTo(SPELLER + "/spell");
        assertThat(server.getTraceId()).as("one trace").isEqualTo(client.getTraceId());
        assertThat(server.getParentSpanId()).as("the SERVER span's parent is the CLIENT span").isEqualTo(client.getSpanId());
        assertThat(attribute(client, "rpc.system.name")).isEqualTo("switchboard");
        assertThat(attribute(server, "rpc.method")).isEqualTo(SPELLER + "/spell");
    }

    @Test
    void anUnsupportedOtlpProtocolIsAStartupErrorNamingTheKeyAndTheAcceptedValues() throws Exception
    {
        final ChildJvm.Result consumer = ChildJvm.run(dir, Map.of(), List.of(
            "-Dotel.exporter.otlp.protocol=http/json",
            "-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + Files.createDirectories(dir.resolve("registry")) +
                ",otel.traces.exporter=otlp",
            "-cp", ChildJvm.testClasses(), ChainMain.class.getName(), "no-such-mode"));
        assertThat(consumer.err()).contains("otel.exporter.otlp.protocol=http/json is not supported")
            .contains("use grpc (port 4317) or http/protobuf (port 4318)");
    }

    private void collect(final ExportTraceServiceRequest request)
    {
        for (final ResourceSpans resourceSpans : request.getResourceSpansList())
        {
            final String service = resourceSpans.getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                .findFirst().orElse("");
            for (final ScopeSpans scopeSpans : resourceSpans.getScopeSpansList())
            {
                scopeSpans.getSpansList().forEach(span -> received.add(new ReceivedSpan(service, span)));
            }
        }
    }

    private Optional<Span> find(final String service, final Span.SpanKind kind)
    {
        return received.stream().filter(r -> r.service().equals(service) && r.span().getKind() == kind)
            .map(ReceivedSpan::span).findFirst();
    }

    private static String attribute(final Span span, final String key)
    {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key))
            .map(KeyValue::getValue).map(v -> v.getStringValue()).findFirst().orElse(null);
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>()
    {
        @Override
        public InputStream stream(final byte[] value)
        {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(final InputStream stream)
        {
            try
            {
                return stream.readAllBytes();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    };
}
