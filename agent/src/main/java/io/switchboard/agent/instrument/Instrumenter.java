package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Installs Switchboard's instrumentation: the entry point the agent calls once at startup.
 *
 * <p>It rewrites every class (loaded now or later) that implements a {@code @Remote} interface,
 * installs the {@code Switchboard.lookup} proxy factory and the exporter in {@link Dispatch}, and
 * exposes the {@link MethodTable} the call and serving paths read. The invoker (the call path) is
 * installed separately with {@link Dispatch#installInvoker(Dispatch.Invoker)}; until then every call
 * runs locally.
 */
public final class Instrumenter implements AutoCloseable
{
    private final Instrumentation instrumentation;
    private final MethodTable table;
    private final ResettableClassFileTransformer transformer;
    private final DeferredInstrumentation deferred;

    private Instrumenter(
        final Instrumentation instrumentation,
        final MethodTable table,
        final ResettableClassFileTransformer transformer,
        final DeferredInstrumentation deferred)
    {
        this.instrumentation = instrumentation;
        this.table = table;
        this.transformer = transformer;
        this.deferred = deferred;
    }

    /**
     * Byte Buddy's transformer (not registered with the JVM: {@link DeferredInstrumentation} calls it)
     * and the {@code Switchboard.lookup} proxy factory, both made by the deferred set-up.
     *
     * @param transformer Byte Buddy's transformer.
     * @param proxies     the proxy factory.
     */
    record Installed(ClassFileTransformer transformer, Dispatch.Lookup proxies)
    {
    }

    /**
     * Same as {@link #install(Instrumentation, ProvidedServices, BiConsumer)} without an export listener.
     *
     * @param instrumentation the JVM's instrumentation, able to retransform.
     * @param provided        which services this process provides.
     * @return the installed instrumentation.
     */
    public static Instrumenter install(final Instrumentation instrumentation, final ProvidedServices provided)
    {
        return install(instrumentation, provided, (service, instance) -> {});
    }

    /**
     * Installs the instrumentation and retransforms already loaded classes that need it.
     *
     * @param instrumentation the JVM's instrumentation, able to retransform.
     * @param provided        which services this process provides, asked when a class is transformed.
     * @param onExport        told once per service (per class loader) of the first constructed
     *                        instance, on the constructing thread; it must be quick.
     * @return the installed instrumentation.
     */
    public static Instrumenter install(
        final Instrumentation instrumentation,
        final ProvidedServices provided,
        final BiConsumer<RemoteService, Object> onExport)
    {
        disableNexus();
        final MethodTable table = new MethodTable();
        final AdviceFactory advice = new AdviceFactory();
        installExporter(table, onExport);
        Dispatch.installLookup(new ProxyFactory(table, advice));
        final ResettableClassFileTransformer transformer = agentBuilder(table, provided, advice).installOn(instrumentation);
        return new Instrumenter(instrumentation, table, transformer, null);
    }

    /**
     * Installs the instrumentation at JVM startup ({@code premain}) without setting up Byte Buddy on
     * this thread: a {@link DeferredInstrumentation} looks at every class loaded from now on and
     * passes to Byte Buddy, set up on a background thread, only those that may implement a
     * {@code @Remote} interface. Classes loaded before this call are not looked at: at {@code premain}
     * those are the JDK's and the agent's own (attaching at run time uses
     * {@link #install(Instrumentation, ProvidedServices, BiConsumer)}, which retransforms them).
     *
     * @param instrumentation the JVM's instrumentation, able to retransform.
     * @param provided        which services this process provides, asked when a class is transformed.
     * @param onExport        as for {@link #install(Instrumentation, ProvidedServices, BiConsumer)}.
     * @return the installed instrumentation.
     */
    public static Instrumenter installAtStartup(
        final Instrumentation instrumentation,
        final ProvidedServices provided,
        final BiConsumer<RemoteService, Object> onExport)
    {
        disableNexus();
        final MethodTable table = new MethodTable();
        installExporter(table, onExport);
        final DeferredInstrumentation deferred = new DeferredInstrumentation(new Callable<Installed>()
        {
            @Override
            public Installed call()
            {
                final AdviceFactory advice = new AdviceFactory();
                return new Installed(agentBuilder(table, provided, advice).makeRaw(), new ProxyFactory(table, advice));
            }
        });
        Dispatch.installLookup(deferred);
        instrumentation.addTransformer(deferred, true);
        deferred.startSetup();
        return new Instrumenter(instrumentation, table, null, deferred);
    }

    private static void installExporter(final MethodTable table, final BiConsumer<RemoteService, Object> onExport)
    {
        // An anonymous class rather than a lambda: a lambda spins a class at premain, before the app's main.
        Dispatch.installExporter(new Dispatch.Exporter()
        {
            @Override
            public void instanceCreated(final Object instance, final int serviceIndex)
            {
                final RemoteService service = table.service(serviceIndex);
                if (null != service && null == service.exportedInstance() && service.export(instance))
                {
                    onExport.accept(service, instance);
                }
            }
        });
    }

    private static AgentBuilder agentBuilder(
        final MethodTable table, final ProvidedServices provided, final AdviceFactory advice)
    {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new TransformErrorLogger.Redefinition())
            .with(new TransformErrorLogger())
            .ignore(ignoredTypes(), ignoredLoaders())
            .type(new RemoteTypeMatcher())
            .transform(new RemoteTransformer(table, provided, advice));
    }

    /**
     * @return the table of remote services and methods, read by the call and serving paths.
     */
    public MethodTable methodTable()
    {
        return table;
    }

    /**
     * Hot path.
     *
     * @param methodIndex the index the invoker received.
     * @return the method, or {@code null} when the index is unknown.
     */
    public RemoteMethod method(final int methodIndex)
    {
        return table.method(methodIndex);
    }

    /**
     * @param serviceName a service or interface name.
     * @return its live services, one per class loader that loaded the interface.
     */
    public List<RemoteService> services(final String serviceName)
    {
        return table.servicesNamed(serviceName);
    }

    /**
     * @param serviceIndex a service index.
     * @return the first constructed instance of that service, or {@code null} if none was yet.
     */
    public Object exportedInstance(final int serviceIndex)
    {
        final RemoteService service = table.service(serviceIndex);
        return null == service ? null : service.exportedInstance();
    }

    /**
     * Removes the instrumentation: classes are retransformed back and {@link Dispatch} emptied.
     */
    public void close()
    {
        Dispatch.installLookup(null);
        Dispatch.installExporter(null);
        Dispatch.installInvoker(null);
        if (null != deferred)
        {
            deferred.remove(instrumentation);
        }
        else
        {
            transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        }
        for (final RemoteService service : table.services())
        {
            service.clearExport();
        }
    }

    /**
     * Byte Buddy's Nexus (a class it injects into the system class loader so generated classes can
     * run initialisers) serves transformations that need live initialisers; Switchboard's advice is
     * inlined and needs none. Setting it up generates and injects classes before {@code main} (about
     * half of the agent's startup), so it is switched off through Byte Buddy's own property, which
     * the shading relocated under {@code io.switchboard.shaded}: the application never sees it.
     */
    private static void disableNexus()
    {
        // A compile-time constant: the shading rewrites it to io.switchboard.shaded.net.bytebuddy.nexus.disabled.
        if (null == System.getProperty(Nexus.PROPERTY))
        {
            System.setProperty(Nexus.PROPERTY, "true");
        }
    }

    private static ElementMatcher<TypeDescription> ignoredTypes()
    {
        return isSynthetic()
            .or(nameStartsWith("net.bytebuddy."))
            .or(nameStartsWith("jdk.internal.reflect."))
            .or(nameStartsWith("sun.reflect."))
            .or(nameStartsWith("java."))
            .or(nameStartsWith("javax."))
            .or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun."))
            .or(nameStartsWith("io.switchboard.agent."))
            .or(nameStartsWith("io.switchboard.api."))
            .or(nameStartsWith("io.switchboard.bootstrap."))
            .or(nameStartsWith("io.switchboard.shaded."))
            .or(nameStartsWith("io.switchboard.transport."))
            .or(nameContains("$$Lambda"))
            .or(nameEndsWith(ProxyFactory.SUFFIX));
    }

    private static ElementMatcher<ClassLoader> ignoredLoaders()
    {
        // The agent's own isolated loader holds no application classes; in tests it is the
        // application loader, which must not be ignored.
        final ClassLoader agentLoader = Instrumenter.class.getClassLoader();
        final ElementMatcher.Junction<ClassLoader> platform =
            isBootstrapClassLoader().or(is(ClassLoader.getPlatformClassLoader()));
        return agentLoader == ClassLoader.getSystemClassLoader() ? platform : platform.or(is(agentLoader));
    }

}
