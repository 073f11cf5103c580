package io.switchboard.transport.serial;

import io.switchboard.transport.serial.fixtures.Item;
import io.switchboard.transport.serial.fixtures.Node;
import io.switchboard.transport.serial.fixtures.Order;
import io.switchboard.transport.serial.fixtures.Shape;
import io.switchboard.transport.serial.fixtures.Wrapper;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadSerializerRoundTripTest
{
    private static final int OFFSET = 13; // payloads follow an envelope; any offset must work

    private final PayloadSerializer serializer = new PayloadSerializer(Fixtures.shopAllowList());

    static Stream<Object> values()
    {
        final Item item = new Item(7, "hammer", new BigDecimal("12.50"), Item.Category.TOOLS);
        final Order order = new Order(UUID.randomUUID(), List.of(item, new Item(8, "pear", BigDecimal.ONE, Item.Category.FOOD)),
            new HashMap<>(Map.of("a", new ArrayList<>(List.of(1, 2)), "b", List.of())),
            Instant.parse("2026-11-25T22:00:00.123456789Z"), LocalDate.of(2026, 12, 24), Duration.ofMillis(1500),
            ZonedDateTime.of(2026, 11, 25, 23, 0, 0, 0, ZoneId.of("Europe/Paris")),
            new BigDecimal("123456789.000000001"), new BigInteger("123456789012345678901234567890"),
            Optional.of("leave at door"), Order.Status.PAID);
        return Stream.of(
            item, order, Item.Category.BOOKS, Item.Category.TOOLS, Order.Status.NEW,
            Optional.empty(), Optional.of(item), Instant.now(), LocalDate.now(), Duration.ofDays(3),
            ZonedDateTime.now(), new BigDecimal("-0.0001"), BigInteger.TWO.pow(300), UUID.randomUUID(),
            42, 42L, 'x', true, (byte)3, (short)4, 1.5f, 2.5d, "text", "",
            new int[]{1, 2, 3}, new long[]{Long.MIN_VALUE}, new double[]{Math.PI}, new boolean[]{true, false},
            new byte[]{1, -1}, new char[]{'a', 'é'}, new short[]{-7}, new float[]{0.5f},
            new Integer[]{1, null, 3}, new String[]{"a", null, "c"}, new Object[]{"x", 1, item, null},
            new Item[]{item},
            List.of(), List.of(item), List.of(1, 2, 3, 4), Set.of("a"), Set.of("a", "b", "c"), Map.of(),
            Map.of("k", 1), Map.of("k", List.of(item), "j", Map.of("n", Set.of())),
            new ArrayList<>(List.of(1, 2)), new LinkedHashMap<>(Map.of(1, "one")), new TreeMap<>(Map.of("b", 2, "a", 1)),
            new TreeSet<>(Set.of(3, 1, 2)), new ConcurrentHashMap<>(Map.of("x", 1)),
            java.util.EnumSet.of(Item.Category.FOOD, Item.Category.TOOLS), new java.util.concurrent.ConcurrentSkipListMap<>(Map.of(2, "b")),
            Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
            Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))),
            Collections.unmodifiableSet(new java.util.HashSet<>(Set.of(1))),
            Collections.emptyList(), Collections.emptyMap(), Collections.singletonList(item),
            Collections.singletonMap("s", 1), Collections.singleton(3), Collections.emptySet(), Arrays.asList("x", "y"),
            new Node("root", List.of(new Node("leaf", List.of()), new Node("leaf2", new ArrayList<>()))),
            new Shape.Circle(1.5), new Shape.Square(2),
            new Wrapper<>(List.of(item), new Wrapper.Extra("label")));
    }

    @ParameterizedTest
    @MethodSource("values")
    void resultRoundTripsWithEqualValueAndSameClass(final Object value)
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = serializer.writeResult(buffer, OFFSET, value);
        final Object copy = serializer.readResult(buffer, OFFSET, length);

        assertThat(copy).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*cache").isEqualTo(value);
        assertThat(copy.getClass()).isEqualTo(value.getClass());
    }

    @Test
    void immutableCollectionsStayImmutable()
    {
        final MutableDirectBuffer buffer = new ExpandableDirectByteBuffer(64);
        final int length = serializer.writeResult(buffer, 0, List.of(1, 2, 3));
        final Object copy = serializer.readResult(buffer, 0, length);
        assertThat(copy).isEqualTo(List.of(1, 2, 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ((List<Object>)copy).add(4))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void argumentsIncludingNullsAndVarargsArraysRoundTrip()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(16);
        final Object[] args = {null, 1, new String[]{"a", "b"}, new Object[]{1, "two", null}, Optional.empty(), null};
        final int length = serializer.writeArguments(buffer, OFFSET, args);
        final Object[] copy = serializer.readArguments(buffer, OFFSET, length);
        assertThat(copy).hasSize(6);
        assertThat(copy[0]).isNull();
        assertThat(copy[1]).isEqualTo(1);
        assertThat(copy[2]).isInstanceOf(String[].class).isEqualTo(new String[]{"a", "b"});
        assertThat(copy[3]).isInstanceOf(Object[].class).isEqualTo(new Object[]{1, "two", null});
        assertThat(copy[4]).isEqualTo(Optional.empty());
        assertThat(copy[5]).isNull();
    }

    @Test
    void noArgumentsAndNullArgumentsReadAsEmptyArray()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(16);
        assertThat(serializer.readArguments(buffer, 0, serializer.writeArguments(buffer, 0, null))).isEmpty();
        assertThat(serializer.readArguments(buffer, 0, serializer.writeArguments(buffer, 0, new Object[0]))).isEmpty();
    }

    @Test
    void nullResultRoundTrips()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = serializer.writeResult(buffer, OFFSET, null);
        assertThat(length).isLessThanOrEqualTo(3);
        assertThat(serializer.readResult(buffer, OFFSET, length)).isNull();
    }

    @Test
    void oneMebibyteStringRoundTrips()
    {
        final StringBuilder text = new StringBuilder(1 << 20);
        final Random random = new Random(1);
        while (text.length() < (1 << 20))
        {
            text.append((char)(random.nextBoolean() ? 'a' + random.nextInt(26) : 0x400 + random.nextInt(200)));
        }
        final String big = text.toString();
        final MutableDirectBuffer buffer = new ExpandableDirectByteBuffer(1024);
        final int length = serializer.writeArguments(buffer, OFFSET, new Object[]{big});
        assertThat(serializer.readArguments(buffer, OFFSET, length)).containsExactly(big);
        // the pooled session keeps working after a large payload
        final int small = serializer.writeResult(buffer, 0, "small");
        assertThat(serializer.readResult(buffer, 0, small)).isEqualTo("small");
    }

    @Test
    void randomlyGeneratedItemListsRoundTrip()
    {
        final Random random = new Random(7);
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        for (int run = 0; run < 300; run++)
        {
            final List<Item> items = new ArrayList<>();
            for (int i = random.nextInt(50); i > 0; i--)
            {
                items.add(new Item(random.nextLong(), random.nextBoolean() ? null : Long.toString(random.nextLong(), 36),
                    random.nextBoolean() ? null : BigDecimal.valueOf(random.nextLong(), random.nextInt(10)),
                    Item.Category.values()[random.nextInt(3)]));
            }
            final Object[] args = {items, random.nextInt(), random.nextBoolean() ? null : Map.of("k", items)};
            final int length = serializer.writeArguments(buffer, run, args);
            assertThat(serializer.readArguments(buffer, run, length)).containsExactly(args);
        }
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try
        {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++)
            {
                final int id = t;
                futures.add(pool.submit(() ->
                {
                    final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
                    for (int i = 0; i < 2_000; i++)
                    {
                        final Item item = new Item(id * 100_000L + i, "n" + i, BigDecimal.valueOf(i), Item.Category.BOOKS);
                        final int length = serializer.writeResult(buffer, 0, List.of(item));
                        assertThat(serializer.readResult(buffer, 0, length)).isEqualTo(List.of(item));
                    }
                    return null;
                }));
            }
            for (final Future<?> future : futures)
            {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void classNamesReadAgainFromLaterPayloadsResolveAsBeforeAndUserStringsAreNeverShared()
    {
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(256);
        final Item item = new Item(7, "hammer", new BigDecimal("12.50"), Item.Category.TOOLS);
        // Payloads in turn, each naming its classes again; names known from earlier payloads are taken by their bytes.
        final List<Object> values = List.of(item, new Item[] {item}, List.of(item, item), new byte[] {1, 2},
            "plain ascii text", new Object[] {"plain ascii text", item}, Item.Category.BOOKS, Map.of("k", item));
        Object previousText = null;
        for (int round = 0; round < 3; round++)
        {
            for (final Object value : values)
            {
                final int length = serializer.writeResult(buffer, OFFSET, value);
                final Object read = serializer.readResult(buffer, OFFSET, length);
                assertThat(read).usingRecursiveComparison().isEqualTo(value);
                assertThat(read.getClass()).isSameAs(value.getClass());
                if (value instanceof String)
                {
                    assertThat(read).as("a user's string is decoded afresh").isNotSameAs(previousText);
                    previousText = read;
                }
            }
        }
    }
}
