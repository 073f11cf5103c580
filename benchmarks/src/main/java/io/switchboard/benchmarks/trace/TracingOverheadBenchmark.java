package io.switchboard.benchmarks.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.switchboard.agent.trace.ClientSpan;
import io.switchboard.agent.trace.RpcTracing;
import io.switchboard.agent.trace.ServerSpan;
import io.switchboard.agent.trace.TraceScope;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.server.Responder;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What Switchboard's tracing adds to one call, both sides in one thread around a no-op method: the
 * consumer's CLIENT span (start, W3C headers for the envelope, one attempt event, end) and the
 * provider's SERVER span (extract from those headers, make current while the method runs, end with the
 * reply), with the same null checks the call and serving paths make. {@code off}: tracing not
 * installed (the baseline: the added cost is the difference to it); {@code sampled}: Switchboard's SDK,
 * always-on sampler, each ended span converted and handed to an exporter that drops it on the calling
 * thread (a simple processor: the batch processor's queue would overflow and drop spans at this rate,
 * and its thread would compete for the cores); {@code unsampled}: parent-based
 * always-off, so the CLIENT span is not recorded and the provider makes no span. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar 'trace\.' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingOverheadBenchmark
{
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    /** Tracing off, on and sampled, on and not sampled. */
    @Param({"off", "sampled", "unsampled"})
    public String mode;

    private SdkTracerProvider provider;
    private RpcTracing tracing;
    private final Responder responder = new DroppingResponder();
    private long correlationId;

    /** Builds the SDK for the mode. */
    @Setup(Level.Trial)
    public void setUp()
    {
        if ("off".equals(mode))
        {
            return;
        }
        provider = SdkTracerProvider.builder()
            .setSampler("sampled".equals(mode) ? Sampler.alwaysOn() : Sampler.parentBased(Sampler.alwaysOff()))
            .addSpanProcessor(SimpleSpanProcessor.create(new DroppingExporter()))
            .build();
        tracing = new RpcTracing(provider.get("io.switchboard"));
    }

    /** Stops the SDK. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != provider)
        {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /**
     * @return something of the call, so the work is not dead code.
     */
    @Benchmark
    public long call()
    {
        final RpcTracing installed = tracing;
        final ClientSpan client = null == installed ? null : installed.startClient("shop.Inventory", "reserve");
        final String traceparent = null == client ? null : client.traceparent();
        final String tracestate = null == client ? null : client.tracestate();
        final String baggage = null == client ? null : client.baggage();
        final boolean sampled = null != client && client.sampled();

        final long id = ++correlationId;
        if (null == installed)
        {
            responder.reply(id, CallStatus.OK, EMPTY, 0, 0);
        }
        else
        {
            final ServerSpan server = installed.startServer("shop.Inventory", "reserve",
                null == traceparent ? "" : traceparent, null == tracestate ? "" : tracestate,
                null == baggage ? "" : baggage, sampled, "127.0.0.1", 40123).wrap(responder);
            try (TraceScope ignored = server.makeCurrent())
            {
                server.reply(id, CallStatus.OK, EMPTY, 0, 0);
            }
        }

        if (null != client)
        {
            client.attempt("127.0.0.1", 40123, true, 4242L, "OK");
            client.end(null);
        }
        return id + (sampled ? 1 : 0);
    }

    private static final class DroppingResponder implements Responder
    {
        @Override
        public boolean reply(
            final long correlationId, final CallStatus status, final DirectBuffer payload, final int offset, final int length)
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

    private static final class DroppingExporter implements SpanExporter
    {
        @Override
        public CompletableResultCode export(final Collection<SpanData> spans)
        {
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
    }
}
