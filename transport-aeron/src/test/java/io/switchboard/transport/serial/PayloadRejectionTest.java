package io.switchboard.transport.serial;

import io.switchboard.transport.serial.fixtures.Item;
import io.switchboard.transport.serial.fixtures.NotAllowed;
import io.switchboard.transport.serial.fixtures.TrapFlags;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class PayloadRejectionTest
{
    private static final String TRAP = "io.switchboard.transport.serial.fixtures.TrapBox";

    private final PayloadSerializer serializer = new PayloadSerializer(Fixtures.shopAllowList());

    @Test
    void classOffTheListIsRejectedBeforeItIsInitialisedOrConstructed()
    {
        final UnsafeBuffer payload = Fixtures.forgedArgumentNaming(TRAP);

        assertThatThrownBy(() -> serializer.readArguments(payload, 0, payload.capacity()))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining(TRAP)
            .satisfies(ex -> assertThat(((PayloadRejectedException)ex).className()).isEqualTo(TRAP));
        assertThat(TrapFlags.staticInitializerRan).as("static initializer ran").isFalse();
        assertThat(TrapFlags.constructorRan).as("constructor ran").isFalse();
    }

    @Test
    void classOffTheListIsNeverEvenRequestedFromTheClassLoader()
    {
        final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ClassLoader recording = new ClassLoader(getClass().getClassLoader())
        {
            @Override
            protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
            {
                requested.add(name);
                return super.loadClass(name, resolve);
            }
        };
        final PayloadSerializer isolated = new PayloadSerializer(ClassAllowList.builder(recording)
            .addInterface(io.switchboard.transport.serial.fixtures.Shop.class).build());
        final UnsafeBuffer payload = Fixtures.forgedArgumentNaming(TRAP);

        assertThatThrownBy(() -> isolated.readArguments(payload, 0, payload.capacity()))
            .isInstanceOf(PayloadRejectedException.class);
        assertThat(requested).doesNotContain(TRAP);

        // an allowed class is loaded through the given loader, not Kryo's
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = isolated.writeResult(buffer, 0, new Item(1, "n", BigDecimal.ONE, Item.Category.FOOD));
        isolated.readResult(buffer, 0, length);
        assertThat(requested).contains(Item.class.getName());
    }

    @Test
    void writingAClassOffTheListFailsOnTheWriterNamingIt()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        assertThatThrownBy(() -> serializer.writeResult(buffer, 0, List.of(new NotAllowed("x"))))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining(NotAllowed.class.getName());
    }

    @Test
    void unknownClassNameIsRejected()
    {
        final UnsafeBuffer payload = Fixtures.forgedArgumentNaming("com.example.DoesNotExist");
        assertThatThrownBy(() -> serializer.readArguments(payload, 0, payload.capacity()))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining("com.example.DoesNotExist");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
        "org.apache.commons.collections.functors.InvokerTransformer",
        "org.apache.commons.collections4.functors.InstantiateTransformer",
        "java.util.PriorityQueue",
        "javax.management.BadAttributeValueExpException",
        "java.rmi.server.UnicastRemoteObject",
        "sun.rmi.server.UnicastRef",
        "org.springframework.beans.factory.ObjectFactory",
        "org.codehaus.groovy.runtime.ConvertedClosure",
        "com.sun.rowset.JdbcRowSetImpl",
        "java.lang.reflect.Proxy",
        "java.net.URL",
        "[Ljava.net.URL;"})
    void gadgetClassesAreRejectedEvenWhenConfiguredAsExtras(final String gadget)
    {
        final PayloadSerializer permissive = new PayloadSerializer(
            ClassAllowList.builder(getClass().getClassLoader()).addClassName(gadget).build());
        final UnsafeBuffer payload = Fixtures.forgedArgumentNaming(gadget);

        assertThatThrownBy(() -> permissive.readArguments(payload, 0, payload.capacity()))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining(gadget)
            .hasMessageContaining("gadget deny list");
    }

    @Test
    void writingAGadgetIsRejected()
    {
        final PayloadSerializer permissive = new PayloadSerializer(
            ClassAllowList.builder(getClass().getClassLoader()).addClassName("java.util.PriorityQueue").build());
        assertThatThrownBy(() -> permissive.writeResult(new ExpandableArrayBuffer(), 0, new PriorityQueue<>(List.of(1))))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining("java.util.PriorityQueue");
    }

    @ParameterizedTest
    @ValueSource(classes = {byte[].class, int[].class, long[].class, String.class, Object[].class, String[].class,
        ArrayList.class, HashMap.class, BigDecimal.class})
    void forgedLengthsAreRejectedWithoutAllocatingForThem(final Class<?> type)
    {
        for (final int forged : new int[]{Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 1 << 30, 100_000})
        {
            final UnsafeBuffer payload = Fixtures.forgedResult(type, forged);
            final Throwable thrown = catchThrowable(() -> serializer.readResult(payload, 0, payload.capacity()));
            assertThat(thrown).as(type + " with " + forged).isInstanceOf(PayloadException.class);
        }
    }

    @Test
    void forgedArgumentCountIsRejected()
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[]{PayloadSerializer.ARGUMENTS, (byte)0xff, (byte)0xff,
            (byte)0xff, (byte)0xff, 0x07, 1, 2});
        assertThatThrownBy(() -> serializer.readArguments(payload, 0, payload.capacity()))
            .isInstanceOf(PayloadException.class)
            .hasMessageContaining("forged");
    }

    @Test
    void everyTruncationOfAValidPayloadIsAPayloadException()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final Object[] args = {new Item(1, "name", BigDecimal.TEN, Item.Category.FOOD), List.of("a", "b"),
            Map.of("k", new int[]{1, 2, 3}), "tail"};
        final int length = serializer.writeArguments(buffer, 0, args);
        for (int cut = 0; cut < length; cut++)
        {
            final int truncated = cut;
            final Throwable thrown = catchThrowable(() -> serializer.readArguments(buffer, 0, truncated));
            assertThat(thrown).as("cut at " + cut).isInstanceOf(PayloadException.class);
        }
        assertThat(serializer.readArguments(buffer, 0, length)).hasSize(4);
    }

    @Test
    void everyTruncationOfAnExceptionPayloadIsAPayloadException()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final Exception thrown = new io.switchboard.transport.serial.fixtures.OutOfStockException("x", 3, List.of("y"));
        thrown.initCause(new IllegalStateException("cause"));
        final int length = serializer.writeThrowable(buffer, 0, thrown);
        for (int cut = 0; cut < length; cut++)
        {
            final int truncated = cut;
            assertThat(catchThrowable(() -> serializer.readThrowable(buffer, 0, truncated)))
                .as("cut at " + cut).isInstanceOf(PayloadException.class);
        }
    }

    @Test
    void trailingBytesAndWrongKindAreRejected()
    {
        final MutableDirectBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = serializer.writeResult(buffer, 0, "value");
        assertThatThrownBy(() -> serializer.readResult(buffer, 0, length + 1)).isInstanceOf(PayloadException.class);
        assertThatThrownBy(() -> serializer.readArguments(buffer, 0, length))
            .isInstanceOf(PayloadException.class).hasMessageContaining("not a arguments payload");
        assertThatThrownBy(() -> serializer.readResult(buffer, 0, 0)).isInstanceOf(PayloadException.class);
        assertThatThrownBy(() -> serializer.readResult(buffer, 0, Integer.MAX_VALUE)).isInstanceOf(PayloadException.class);
        assertThatThrownBy(() -> serializer.readResult(buffer, -1, 4)).isInstanceOf(PayloadException.class);
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButPayloadException()
    {
        final Random random = new Random(2026);
        for (int run = 0; run < 5_000; run++)
        {
            final byte[] bytes = new byte[1 + random.nextInt(64)];
            random.nextBytes(bytes);
            final byte kind = new byte[]{PayloadSerializer.RESULT, PayloadSerializer.ARGUMENTS,
                PayloadSerializer.THROWABLE}[random.nextInt(3)];
            bytes[0] = kind;
            final UnsafeBuffer payload = new UnsafeBuffer(bytes);
            final Throwable thrown = catchThrowable(() ->
            {
                switch (kind)
                {
                    case PayloadSerializer.RESULT -> serializer.readResult(payload, 0, bytes.length);
                    case PayloadSerializer.ARGUMENTS -> serializer.readArguments(payload, 0, bytes.length);
                    default -> serializer.readThrowable(payload, 0, bytes.length);
                }
            });
            if (thrown != null)
            {
                assertThat(thrown).as("run %d: %s", run, thrown).isInstanceOf(PayloadException.class);
            }
        }
        assertThat(TrapFlags.staticInitializerRan).isFalse();
    }

    @Test
    void deeplyNestedPayloadIsRejectedNotAStackOverflow()
    {
        Object nested = "leaf";
        for (int i = 0; i < 5_000; i++)
        {
            nested = List.of(nested);
        }
        final Object deep = nested;
        assertThatThrownBy(() -> serializer.writeResult(new ExpandableArrayBuffer(), 0, deep))
            .isInstanceOf(PayloadException.class);
    }

    @Test
    void payloadTooLargeForAFixedBufferIsAPayloadException()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[8]);
        assertThatThrownBy(() -> serializer.writeResult(small, 0, "longer than eight bytes"))
            .isInstanceOf(PayloadException.class).hasMessageContaining("does not fit");
    }
}
