package io.switchboard.benchmarks.serial;

/**
 * Prints the serialized size of each payload with each library (run with {@code java -cp}).
 */
public final class PayloadSizes
{
    private PayloadSizes()
    {
    }

    /**
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final KryoCodec kryo = new KryoCodec(SerializationBenchmark.ALLOWED);
        final ForyCodec fory = new ForyCodec(SerializationBenchmark.ALLOWED);
        final io.switchboard.transport.serial.PayloadSerializer switchboard = new io.switchboard.transport.serial.PayloadSerializer(
            io.switchboard.transport.serial.ClassAllowList.builder(PayloadSizes.class.getClassLoader())
                .addInterface(PayloadSerializerBenchmark.Catalog.class).build());
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(128 * 1024);
        System.out.printf("%-10s %8s %8s %12s%n", "payload", "kryo", "fory", "switchboard");
        for (final String name : new String[]{Payloads.SMALL, Payloads.LIST, Payloads.BYTES})
        {
            final Object value = Payloads.create(name);
            if (!kryo.roundTrip(value).getClass().equals(value.getClass()) ||
                !fory.roundTrip(value).getClass().equals(value.getClass()))
            {
                throw new IllegalStateException("round trip changed the type of " + name);
            }
            System.out.printf("%-10s %8d %8d %12d%n", name, kryo.size(value), fory.size(value),
                switchboard.writeResult(buffer, 0, value));
        }
    }
}
