package io.switchboard.transport.serial;

import io.switchboard.transport.serial.fixtures.Item;
import io.switchboard.transport.serial.fixtures.NoMessageException;
import io.switchboard.transport.serial.fixtures.NotAllowed;
import io.switchboard.transport.serial.fixtures.Order;
import io.switchboard.transport.serial.fixtures.OutOfStockException;
import io.switchboard.transport.serial.fixtures.SecretException;
import io.switchboard.transport.serial.fixtures.Shape;
import io.switchboard.transport.serial.fixtures.Shop;
import io.switchboard.transport.serial.fixtures.TrapBox;
import io.switchboard.transport.serial.fixtures.Wrapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassAllowListTest
{
    private final ClassAllowList allowList = Fixtures.shopAllowList();

    @Test
    void allowsTypesFromParametersReturnsAndGenericArgumentsTransitively()
    {
        assertThat(allowList.isAllowed(Item.class.getName())).isTrue();
        assertThat(allowList.isAllowed(Item.Category.class.getName())).isTrue();
        assertThat(allowList.isAllowed(Order.class.getName())).isTrue();
        assertThat(allowList.isAllowed(Order.Status.class.getName())).isTrue(); // record component
        assertThat(allowList.isAllowed(Wrapper.Extra.class.getName())).isTrue(); // generic record's component
        assertThat(allowList.isAllowed(Shape.Circle.class.getName())).isTrue();  // sealed permits, via wildcard
        assertThat(allowList.isAllowed(Shape.Square.class.getName())).isTrue();
        assertThat(allowList.isAllowed("[L" + Item.class.getName() + ";")).isTrue();
        assertThat(allowList.isAllowed("[I")).isTrue();
    }

    @Test
    void allowsEnumConstantBodiesWithoutInitialisingTheEnum()
    {
        assertThat(allowList.isAllowed(Item.Category.class.getName() + "$1")).isTrue();
    }

    @Test
    void declaredExceptionsAndStandardJdkExceptionsAreRebuildableOthersAreNot()
    {
        assertThat(allowList.isThrowableAllowed(OutOfStockException.class.getName())).isTrue();
        assertThat(allowList.isThrowableAllowed(NoMessageException.class.getName())).isTrue();
        assertThat(allowList.isThrowableAllowed("java.lang.IllegalArgumentException")).isTrue();
        assertThat(allowList.isThrowableAllowed("java.util.NoSuchElementException")).isTrue();
        assertThat(allowList.isThrowableAllowed(SecretException.class.getName())).isFalse();
    }

    @Test
    void includesSafeJdkTypesAndImmutableCollectionImplementations()
    {
        for (final Object value : List.of(List.of(), List.of(1), List.of(1, 2, 3), Map.of(), Map.of(1, 2),
            java.util.Collections.unmodifiableList(new java.util.ArrayList<>()), java.time.Instant.EPOCH,
            java.math.BigDecimal.ONE, java.util.UUID.randomUUID(), java.util.Optional.empty()))
        {
            assertThat(allowList.isAllowed(value.getClass().getName())).as(value.getClass().getName()).isTrue();
        }
    }

    @Test
    void doesNotAllowUnreachableClassesOrFutures()
    {
        assertThat(allowList.isAllowed(NotAllowed.class.getName())).isFalse();
        assertThat(allowList.isAllowed(TrapBox.class.getName())).isFalse();
        assertThat(allowList.isAllowed("java.util.concurrent.CompletableFuture")).isFalse();
        assertThatThrownBy(() -> allowList.resolve(NotAllowed.class.getName()))
            .isInstanceOf(PayloadRejectedException.class)
            .hasMessageContaining(NotAllowed.class.getName())
            .hasMessageContaining("switchboard.serialization.allow");
    }

    @Test
    void extraClassNamesAreAllowedButGadgetsNeverAre()
    {
        final ClassAllowList withExtras = ClassAllowList.builder(getClass().getClassLoader())
            .addInterface(Shop.class)
            .addClassNames(List.of(NotAllowed.class.getName(), " java.util.PriorityQueue",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
                "org.apache.commons.collections.functors.InvokerTransformer",
                "org.apache.commons.collections4.functors.ChainedTransformer",
                "javax.management.BadAttributeValueExpException", "java.rmi.server.UnicastRemoteObject",
                "sun.rmi.server.UnicastRef", "org.springframework.beans.factory.ObjectFactory",
                "org.codehaus.groovy.runtime.MethodClosure", "com.sun.rowset.JdbcRowSetImpl",
                "java.lang.reflect.Proxy", "java.net.URL", SecretException.class.getName()))
            .build();

        assertThat(withExtras.isAllowed(NotAllowed.class.getName())).isTrue();
        assertThat(withExtras.isThrowableAllowed(SecretException.class.getName())).isTrue();
        for (final String gadget : List.of("java.util.PriorityQueue",
            "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl",
            "org.apache.commons.collections.functors.InvokerTransformer",
            "org.apache.commons.collections4.functors.ChainedTransformer",
            "javax.management.BadAttributeValueExpException", "java.rmi.server.UnicastRemoteObject",
            "sun.rmi.server.UnicastRef", "org.springframework.beans.factory.ObjectFactory",
            "org.codehaus.groovy.runtime.MethodClosure", "com.sun.rowset.JdbcRowSetImpl",
            "java.lang.reflect.Proxy", "java.net.URL", "[Ljava.util.PriorityQueue;"))
        {
            assertThat(GadgetDenyList.isDenied(gadget)).as(gadget).isTrue();
            assertThat(withExtras.isAllowed(gadget)).as(gadget).isFalse();
            assertThatThrownBy(() -> withExtras.resolve(gadget))
                .isInstanceOf(PayloadRejectedException.class)
                .hasMessageContaining("gadget deny list");
        }
    }

    interface Ranking
    {
        <T extends Comparable<T>> T max(java.util.List<T> values);
    }

    @Test
    void aRecursiveGenericBoundIsWalkedOnce()
    {
        final ClassAllowList ranking = ClassAllowList.builder(getClass().getClassLoader()).addInterface(Ranking.class).build();

        assertThat(ranking.isAllowed("java.util.ArrayList")).isTrue();
        assertThat(ranking.isAllowed(Ranking.class.getName())).isFalse();
    }
}
