package io.switchboard.transport.serial;

import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Run in a child JVM without any {@code --add-opens}: round-trips every sample value and a few
 * exceptions, prints failures and exits 1 if any.
 */
public final class NoAddOpensProbe
{
    private NoAddOpensProbe()
    {
    }

    public static void main(final String[] args)
    {
        final PayloadSerializer serializer = new PayloadSerializer(Fixtures.shopAllowList());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int[] failures = {0};
        PayloadSerializerRoundTripTest.values().forEach(value ->
        {
            try
            {
                final Object copy = serializer.readResult(buffer, 3, serializer.writeResult(buffer, 3, value));
                if (!Objects.deepEquals(copy, value) && !(copy != null && copy.getClass().isArray()) &&
                    !(value instanceof io.switchboard.transport.serial.fixtures.Node))
                {
                    throw new IllegalStateException("differs: " + copy);
                }
                if (copy == null || copy.getClass() != value.getClass())
                {
                    throw new IllegalStateException("class changed: " + (copy == null ? null : copy.getClass()));
                }
            }
            catch (final RuntimeException ex)
            {
                failures[0]++;
                System.out.println("FAIL " + value.getClass().getName() + ": " + ex);
            }
        });
        for (final Throwable thrown : Arrays.asList(new IllegalArgumentException("x"),
            new io.switchboard.transport.serial.fixtures.OutOfStockException("sold out", 4, java.util.List.of("a")),
            new java.io.UncheckedIOException("u", new java.io.IOException("io"))))
        {
            final Throwable rebuilt = serializer.rebuild(
                serializer.readThrowable(buffer, 0, serializer.writeThrowable(buffer, 0, thrown)), "probe").orElse(null);
            if (rebuilt == null || rebuilt.getClass() != thrown.getClass())
            {
                failures[0]++;
                System.out.println("FAIL exception " + thrown + " -> " + rebuilt);
            }
        }
        System.out.println(failures[0] == 0 ? "ALL OK" : failures[0] + " FAILURES");
        System.exit(failures[0] == 0 ? 0 : 1);
    }
}
