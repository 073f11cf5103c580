package io.switchboard.benchmarks.serial;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serialize + deserialize of the three {@link Payloads} with Kryo and Fory, each in safe mode
 * (allow-list checked by class name, no Java serialization) and used thread-safely.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializationBenchmark
{
    /** The classes every payload needs, by name. */
    public static final Set<String> ALLOWED = Set.of(
        Item.class.getName(), Item.Category.class.getName(), "java.util.ArrayList",
        "java.math.BigDecimal", "java.math.BigInteger", "[B", "byte[]");

    /** Which payload. */
    @Param({Payloads.SMALL, Payloads.LIST, Payloads.BYTES})
    public String payload;

    private Object value;
    private KryoCodec kryo;
    private ForyCodec fory;

    /** Builds both codecs and the payload. */
    @Setup
    public void setUp()
    {
        value = Payloads.create(payload);
        kryo = new KryoCodec(ALLOWED);
        fory = new ForyCodec(ALLOWED);
    }

    /** @return the copy read back by Kryo. */
    @Benchmark
    public Object kryo()
    {
        return kryo.roundTrip(value);
    }

    /** @return the copy read back by Fory. */
    @Benchmark
    public Object fory()
    {
        return fory.roundTrip(value);
    }
}
