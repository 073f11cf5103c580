package io.switchboard.benchmarks.serial;

import io.switchboard.transport.serial.ClassAllowList;
import io.switchboard.transport.serial.PayloadSerializer;
import org.agrona.ExpandableDirectByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The production path: {@link PayloadSerializer} writing a result into an off-heap Agrona buffer
 * and reading it back, with the allow-list built from a signature returning {@code List<Item>}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadSerializerBenchmark
{
    /** A remote interface as the allow-list sees it. */
    public interface Catalog
    {
        /** @return one item. */
        Item item();

        /** @return items. */
        List<Item> items();

        /** @return bytes. */
        byte[] bytes();
    }

    /** Which payload. */
    @Param({Payloads.SMALL, Payloads.LIST, Payloads.BYTES})
    public String payload;

    private Object value;
    private PayloadSerializer serializer;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(128 * 1024);

    /** Builds the serializer and the payload. */
    @Setup
    public void setUp()
    {
        value = Payloads.create(payload);
        serializer = new PayloadSerializer(
            ClassAllowList.builder(Catalog.class.getClassLoader()).addInterface(Catalog.class).build());
    }

    /** @return the copy read back. */
    @Benchmark
    public Object switchboard()
    {
        final int length = serializer.writeResult(buffer, 32, value);
        return serializer.readResult(buffer, 32, length);
    }
}
