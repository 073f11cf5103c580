package io.switchboard.agent.instrument;

import com.acme.fixture.Audit;
import com.acme.fixture.Inventory;
import com.acme.fixture.InventoryImpl;
import com.acme.fixture.OverridingInventory;
import com.acme.fixture.Rates;
import com.acme.fixture.RatesWithAudit;
import com.acme.fixture.TickerImpl;
import com.acme.fixture.Pricing;
import com.acme.fixture.PricingImpl;
import com.acme.fixture.Repository;
import com.acme.fixture.StringRepository;
import com.acme.fixture.StringRepositoryImpl;
import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.api.NoProviderException;
import io.switchboard.api.Switchboard;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstrumenterTest
{
    private static final List<Object> EXPORTS = new CopyOnWriteArrayList<>();
    private static Instrumenter instrumenter;
    private RecordingInvoker invoker;

    @BeforeAll
    static void install()
    {
        instrumenter = Instrumenter.install(
            ByteBuddyAgent.install(),
            (serviceName, interfaceName) -> interfaceName.endsWith(".Pricing") || "rates".equals(serviceName),
            (service, instance) -> EXPORTS.add(instance));
    }

    @AfterAll
    static void uninstall()
    {
        instrumenter.close();
    }

    @BeforeEach
    void freshInvoker()
    {
        InventoryImpl.BODY_RUNS.set(0);
        invoker = new RecordingInvoker(instrumenter.methodTable());
        Dispatch.installInvoker(invoker);
    }

    @Test
    void callOfServiceNotProvidedSkipsBodyAndReachesInvokerOnce()
    {
        invoker.answer((call) -> 42);

        assertThat(new InventoryImpl().stock("apple")).isEqualTo(42);

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls()).singleElement().satisfies((call) ->
        {
            assertThat(call.method().service().name()).isEqualTo(Inventory.class.getName());
            assertThat(call.method().name()).isEqualTo("stock");
            assertThat(call.method().parameterDescriptor()).isEqualTo("(Ljava/lang/String;)");
            assertThat(call.target()).isInstanceOf(InventoryImpl.class);
            assertThat(call.args()).containsExactly("apple");
        });
    }

    @Test
    void overloadsReachTheInvokerAsDistinctMethods()
    {
        invoker.answer((call) -> call.args().length);
        final Inventory inventory = new InventoryImpl();

        assertThat(inventory.stock("a")).isEqualTo(1);
        assertThat(inventory.stock("a", 3)).isEqualTo(2);

        assertThat(invoker.calls()).hasSize(2);
        final RemoteMethod one = invoker.calls().get(0).method();
        final RemoteMethod two = invoker.calls().get(1).method();
        assertThat(two.parameterDescriptor()).isEqualTo("(Ljava/lang/String;I)");
        assertThat(two.index()).isNotEqualTo(one.index());
        assertThat(two.id()).isNotEqualTo(one.id());
        assertThat(invoker.calls().get(1).args()).containsExactly("a", 3);
    }

    @Test
    void primitivesArraysAndVarargsTravelBoxedAndUnchanged()
    {
        final long[] amounts = {1, 2, 3};
        invoker.answer((call) -> "total".equals(call.method().name()) ? (Object)6L : "a-b");
        final InventoryImpl inventory = new InventoryImpl();

        assertThat(inventory.total(amounts)).isEqualTo(6L);
        assertThat(inventory.join("-", "a", "b")).isEqualTo("a-b");

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls().get(0).args()[0]).isSameAs(amounts);
        assertThat(invoker.calls().get(1).args()[0]).isEqualTo("-");
        assertThat((String[])invoker.calls().get(1).args()[1]).containsExactly("a", "b");
    }

    @Test
    void voidMethodSkipsBody()
    {
        invoker.answer((call) -> null);

        new InventoryImpl().reserve("apple", 2);

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls()).singleElement().satisfies((call) ->
        {
            assertThat(call.method().isVoid()).isTrue();
            assertThat(call.args()).containsExactly("apple", 2);
        });
    }

    @Test
    void nullArgumentsAndNullResultsPassThrough()
    {
        invoker.answer((call) -> null);
        final InventoryImpl inventory = new InventoryImpl();

        assertThat(inventory.echo(null)).isNull();
        assertThat(inventory.boxed(null)).isNull();

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls()).hasSize(2).allSatisfy((call) -> assertThat(call.args()).containsExactly((Object)null));
    }

    @Test
    void invokerAnsweringRunLocallyRunsTheBody()
    {
        invoker.answer((call) -> Dispatch.RUN_LOCALLY);

        assertThat(new InventoryImpl().echo("x")).isEqualTo("local x");
        assertThat(InventoryImpl.BODY_RUNS).hasValue(1);
        assertThat(invoker.calls()).hasSize(1);
    }

    @Test
    void noInvokerInstalledRunsTheBody()
    {
        Dispatch.installInvoker(null);

        assertThat(new InventoryImpl().stock("x")).isEqualTo(7);
        assertThat(InventoryImpl.BODY_RUNS).hasValue(1);
    }

    @Test
    void remoteFailureIsRethrownAsTheSameCheckedException()
    {
        invoker.answer((call) -> new RecordingInvoker.Throw(new IOException("disk full on provider")));

        assertThatThrownBy(() -> new InventoryImpl().load("k"))
            .isExactlyInstanceOf(IOException.class)
            .hasMessage("disk full on provider");
        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
    }

    @Test
    void defaultMethodRunsLocallyAndItsAbstractCallGoesRemote()
    {
        invoker.answer((call) -> 5);

        assertThat(new InventoryImpl().describe("pear")).isEqualTo("sku pear: 5");

        assertThat(invoker.calls()).singleElement()
            .satisfies((call) -> assertThat(call.method().name()).isEqualTo("stock"));
    }

    @Test
    void methodInheritedFromUnannotatedSuperInterfaceGoesRemote()
    {
        invoker.answer((call) -> 9);

        assertThat(new InventoryImpl().count("x")).isEqualTo(9);

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls()).singleElement()
            .satisfies((call) -> assertThat(call.method().service().interfaceName()).isEqualTo(Inventory.class.getName()));
    }

    @Test
    void equalsHashCodeAndToStringStayLocal()
    {
        final InventoryImpl inventory = new InventoryImpl();

        assertThat(inventory.equals(new InventoryImpl())).isTrue();
        assertThat(inventory.hashCode()).isEqualTo(1);
        assertThat(inventory.toString()).isEqualTo("InventoryImpl");
        assertThat(invoker.calls()).isEmpty();
    }

    @Test
    void futureMethodReturnsTheInvokersFutureAtOnce()
    {
        final CompletableFuture<Integer> pending = new CompletableFuture<>();
        invoker.answer((call) -> pending);

        final CompletableFuture<Integer> returned = new InventoryImpl().stockAsync("apple");

        assertThat(returned).isSameAs(pending).isNotDone();
        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        final RemoteMethod method = invoker.calls().get(0).method();
        assertThat(method.isAsync()).isTrue();
        assertThat(method.asyncValueType()).isEqualTo(Integer.class);
    }

    @Test
    void callThroughGenericBridgeMakesExactlyOneRemoteCall()
    {
        invoker.answer((call) -> "remote " + call.args()[0]);
        final StringRepositoryImpl impl = new StringRepositoryImpl();
        final Repository<String> viaBridge = impl;

        assertThat(viaBridge.save("a")).isEqualTo("remote a");
        assertThat(invoker.calls()).hasSize(1);
        assertThat(impl.save("b")).isEqualTo("remote b");
        assertThat(invoker.calls()).hasSize(2);

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        final RemoteMethod method = invoker.calls().get(0).method();
        assertThat(method).isSameAs(invoker.calls().get(1).method());
        assertThat(method.service().name()).isEqualTo("strings");
        assertThat(method.service().version()).isEqualTo("2");
        assertThat(method.timeoutMillis()).isEqualTo(1500);
        assertThat(method.parameterDescriptor()).isEqualTo("(Ljava/lang/Object;)");
    }

    @Test
    void providedServiceRunsTheBodyAndExportsTheFirstInstance()
    {
        final PricingImpl first = new PricingImpl(1.0);
        final PricingImpl second = new PricingImpl(2.0);

        assertThat(second.quote("abc")).isEqualTo(5.0);

        assertThat(InventoryImpl.BODY_RUNS).hasValue(1);
        assertThat(invoker.calls()).isEmpty();
        final RemoteService pricing = instrumenter.services(Pricing.class.getName()).get(0);
        assertThat(instrumenter.exportedInstance(pricing.index())).isSameAs(first);
        assertThat(EXPORTS).containsOnlyOnce(first).doesNotContain(second);
    }

    @Test
    void classImplementingProvidedAndOtherServiceDecidesPerService()
    {
        final RatesWithAudit both = new RatesWithAudit();

        assertThat(both.rate("EUR")).isEqualTo(1.5);
        both.record("quoted");

        assertThat(InventoryImpl.BODY_RUNS).hasValue(1);
        assertThat(invoker.calls()).singleElement()
            .satisfies((call) -> assertThat(call.method().service().interfaceName()).isEqualTo(Audit.class.getName()));
        final RemoteService rates = instrumenter.services("rates").get(0);
        assertThat(rates.interfaceName()).isEqualTo(Rates.class.getName());
        assertThat(instrumenter.exportedInstance(rates.index())).isSameAs(both);
        assertThat(instrumenter.services(Audit.class.getName()).get(0).exportedInstance()).isNull();
    }

    @Test
    void subclassOverridesGoRemoteOnceAndOverriddenDefaultStaysLocal()
    {
        invoker.answer((call) -> 11);

        assertThat(new OverridingInventory().describe("x")).isEqualTo("overridden 11");

        assertThat(InventoryImpl.BODY_RUNS).hasValue(0);
        assertThat(invoker.calls()).singleElement()
            .satisfies((call) -> assertThat(call.target()).isInstanceOf(OverridingInventory.class));
    }

    @Test
    void implementationInheritedFromUninstrumentedSuperclassIsReportedOnStandardError()
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertThat(new TickerImpl().tick()).isEqualTo(1);
        }
        finally
        {
            System.setErr(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
            .contains("[switchboard] warning: com.acme.fixture.TickerImpl inherits tick() of com.acme.fixture.Ticker")
            .contains("run locally");
    }

    @Test
    void serviceTablesServeTheProvider()
    {
        new InventoryImpl();
        final RemoteService inventory = instrumenter.services(Inventory.class.getName()).get(0);
        final RemoteMethod stock = byName(inventory, "stock(Ljava/lang/String;)");

        assertThat(inventory.methodById(stock.id())).isSameAs(stock);
        assertThat(inventory.methodById(stock.id() + 1)).isNull();
        assertThat(inventory.signatureClasses()).contains(
            String.class, int.class, Integer.class, long[].class, String[].class, IOException.class,
            CompletableFuture.class, List.class);
    }

    @Test
    void methodTableDescribesTheInterface()
    {
        new InventoryImpl();
        final RemoteService inventory = instrumenter.services(Inventory.class.getName()).get(0);

        assertThat(inventory.methods()).extracting((m) -> m.name() + m.parameterDescriptor()).containsExactly(
            "boxed(Ljava/lang/Integer;)",
            "count(Ljava/lang/String;)",
            "echo(Ljava/lang/String;)",
            "join(Ljava/lang/String;[Ljava/lang/String;)",
            "load(Ljava/lang/String;)",
            "namesAsync()",
            "reserve(Ljava/lang/String;I)",
            "stock(Ljava/lang/String;)",
            "stock(Ljava/lang/String;I)",
            "stockAsync(Ljava/lang/String;)",
            "total([J)");
        assertThat(inventory.methods()).allSatisfy((m) ->
        {
            assertThat(instrumenter.method(m.index())).isSameAs(m);
            assertThat(m.method().getName()).isEqualTo(m.name());
        });
        final RemoteMethod stock = byName(inventory, "stock(Ljava/lang/String;)");
        assertThat(stock.isIdempotent()).isTrue();
        assertThat(stock.parameterTypes()).containsExactly(String.class);
        assertThat(stock.returnType()).isEqualTo(int.class);
        assertThat(stock.timeoutMillis()).isZero();
        assertThat(byName(inventory, "stock(Ljava/lang/String;I)").isIdempotent()).isFalse();
        assertThat(byName(inventory, "join(Ljava/lang/String;[Ljava/lang/String;)").parameterTypes())
            .containsExactly(String.class, String[].class);
        final RemoteMethod names = byName(inventory, "namesAsync()");
        assertThat(names.isAsync()).isTrue();
        assertThat(names.returnsCompletableFuture()).isFalse();
        assertThat(names.asyncValueTypeName()).isEqualTo("java.util.List");
        assertThat(names.asyncValueType()).isEqualTo(List.class);
        assertThat(byName(inventory, "reserve(Ljava/lang/String;I)").isVoid()).isTrue();
    }

    @Test
    void methodIdsAreStableAndDistinctAcrossOverloads()
    {
        // Fixed literals: the id must be the same in every JVM and every release.
        assertThat(MethodId.of("com.acme.fixture.Inventory", "stock", "(Ljava/lang/String;)"))
            .isEqualTo(STOCK_ID);
        assertThat(MethodId.of("com.acme.fixture.Inventory", "stock", "(Ljava/lang/String;I)"))
            .isNotEqualTo(STOCK_ID);
        assertThat(MethodId.of("other", "stock", "(Ljava/lang/String;)")).isNotEqualTo(STOCK_ID);
        new InventoryImpl();
        final RemoteService inventory = instrumenter.services(Inventory.class.getName()).get(0);
        assertThat(byName(inventory, "stock(Ljava/lang/String;)").id()).isEqualTo(STOCK_ID);
        assertThat(inventory.methods()).extracting(RemoteMethod::id).doesNotHaveDuplicates();
    }

    @Test
    void lookupProxySendsAbstractMethodsToTheInvoker()
    {
        invoker.answer((call) -> 3);

        final Inventory proxy = Switchboard.lookup(Inventory.class);

        assertThat(proxy.stock("x")).isEqualTo(3);
        assertThat(proxy.describe("x")).isEqualTo("sku x: 3");
        assertThat(invoker.calls()).hasSize(2).allSatisfy((call) ->
        {
            assertThat(call.target()).isSameAs(proxy);
            assertThat(call.method().name()).isEqualTo("stock");
        });
    }

    @Test
    void lookupProxyKeepsObjectMethodsLocalAndReusesItsClass()
    {
        final Inventory one = Switchboard.lookup(Inventory.class);
        final Inventory two = Switchboard.lookup(Inventory.class);

        assertThat(one.getClass()).isSameAs(two.getClass());
        assertThat(one).isNotSameAs(two);
        assertThat(one.equals(one)).isTrue();
        assertThat(one.equals(two)).isFalse();
        assertThat(one.hashCode()).isEqualTo(System.identityHashCode(one));
        assertThat(one.toString()).isEqualTo("Switchboard proxy for com.acme.fixture.Inventory");
        assertThat(invoker.calls()).isEmpty();
    }

    @Test
    void lookupProxyOfGenericInterfaceMakesExactlyOneRemoteCall()
    {
        invoker.answer((call) -> "remote");
        final Repository<String> proxy = Switchboard.lookup(StringRepository.class);

        assertThat(proxy.save("a")).isEqualTo("remote");
        assertThat(invoker.calls()).singleElement()
            .satisfies((call) -> assertThat(call.method().service().name()).isEqualTo("strings"));
    }

    @Test
    void lookupProxyFutureMethodReturnsTheInvokersFuture()
    {
        final CompletableFuture<Integer> pending = new CompletableFuture<>();
        invoker.answer((call) -> pending);

        assertThat(Switchboard.lookup(Inventory.class).stockAsync("x")).isSameAs(pending);
    }

    @Test
    void lookupProxyWithoutProviderThrowsNoProviderException()
    {
        final Inventory proxy = Switchboard.lookup(Inventory.class);
        invoker.answer((call) -> Dispatch.RUN_LOCALLY);

        assertThatThrownBy(() -> proxy.stock("x"))
            .isInstanceOf(NoProviderException.class)
            .hasMessageContaining("no provider of com.acme.fixture.Inventory");
        Dispatch.installInvoker(null);
        assertThatThrownBy(() -> proxy.reserve("x", 1)).isInstanceOf(NoProviderException.class);
    }

    @Test
    void lookupProxyOfPackagePrivateInterfaceWorks() throws Exception
    {
        invoker.answer((call) -> "s" + call.args()[0]);
        final Class<?> hidden = com.acme.fixture.Fixtures.hidden();

        final Object proxy = Switchboard.lookup(hidden);

        final java.lang.reflect.Method secret = hidden.getDeclaredMethod("secret", int.class);
        secret.setAccessible(true);
        assertThat(secret.invoke(proxy, 7)).isEqualTo("s7");
        assertThat(proxy.getClass().getClassLoader()).isSameAs(hidden.getClassLoader());
    }

    private static RemoteMethod byName(final RemoteService service, final String key)
    {
        return service.methods().stream()
            .filter((m) -> (m.name() + m.parameterDescriptor()).equals(key))
            .findFirst()
            .orElseThrow();
    }

    /**
     * Checked outside Java: {@code printf '%s' 'com.acme.fixture.Inventory#stock(Ljava/lang/String;)' | sha256sum}
     * starts with {@code 77d45c1c41cecd52}.
     */
    private static final long STOCK_ID = 0x77d45c1c41cecd52L;
}
