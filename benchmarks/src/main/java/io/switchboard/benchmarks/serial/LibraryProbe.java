package io.switchboard.benchmarks.serial;

import io.switchboard.transport.serial.ClassAllowList;
import io.switchboard.transport.serial.PayloadSerializer;
import org.agrona.ExpandableArrayBuffer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Probes what each library does, in safe mode and without {@code --add-opens}, with JDK 17 types
 * and with a class that is not on the allow-list. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.switchboard.benchmarks.serial.LibraryProbe}.
 */
public final class LibraryProbe
{
    private LibraryProbe()
    {
    }

    /**
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("record", Payloads.item(1));
        values.put("List.of", List.of(1, 2, 3));
        values.put("Set.of", Set.of("a", "b", "c"));
        values.put("Map.of", Map.of("k", 1, "j", 2));
        values.put("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1))));
        values.put("unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(Set.of(1))));
        values.put("singletonList", Collections.singletonList(1));
        values.put("Optional", Optional.of("x"));
        values.put("Instant", Instant.now());
        values.put("LocalDate", LocalDate.now());
        values.put("Duration", Duration.ofSeconds(5));
        values.put("ZonedDateTime", ZonedDateTime.now());
        values.put("UUID", UUID.randomUUID());
        values.put("BigDecimal", new BigDecimal("1.25"));

        final Set<String> allowed = new HashSet<>(SerializationBenchmark.ALLOWED);
        for (final Object value : values.values())
        {
            allowed.add(value.getClass().getName());
        }
        allowed.addAll(List.of("java.lang.Integer", "java.lang.String", "java.time.ZoneRegion", "java.time.ZoneOffset"));
        final KryoCodec kryo = new KryoCodec(allowed);
        final ForyCodec fory = new ForyCodec(allowed);
        final PayloadSerializer switchboard = new PayloadSerializer(
            ClassAllowList.builder(LibraryProbe.class.getClassLoader()).addClassNames(allowed).build());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        System.out.printf("%-18s %-40s %-40s %s%n", "value", "kryo (plain, safe)", "fory (safe)", "switchboard (kryo)");
        values.forEach((name, value) -> System.out.printf("%-18s %-40s %-40s %s%n", name,
            probe(() -> kryo.roundTrip(value), value), probe(() -> fory.roundTrip(value), value),
            probe(() -> switchboard.readResult(buffer, 0, switchboard.writeResult(buffer, 0, value)), value)));

        final Object offList = new ArrayList<>(List.of(Thread.State.NEW));
        final KryoCodec strictKryo = new KryoCodec(Set.of("java.util.ArrayList"));
        final ForyCodec strictFory = new ForyCodec(Set.of("java.util.ArrayList"));
        System.out.printf("%-18s %-40s %-40s%n", "off-list class", probe(() -> strictKryo.roundTrip(offList), null),
            probe(() -> strictFory.roundTrip(offList), null));
    }

    private static String probe(final java.util.function.Supplier<Object> roundTrip, final Object expected)
    {
        try
        {
            final Object copy = roundTrip.get();
            return expected != null && expected.equals(copy) ? "ok (" + copy.getClass().getSimpleName() + ")" :
                "DIFFERENT: " + copy;
        }
        catch (final Throwable ex)
        {
            final String text = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            return text.substring(0, Math.min(40, text.length())).replace('\n', ' ');
        }
    }
}
