package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.api.NoProviderException;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.ExceptionMethod;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isToString;

/**
 * {@code Switchboard.lookup}: generates one proxy class per interface per class loader (cached with
 * the interface, so it goes away with its loader) whose abstract methods call the invoker through
 * the same advice as instrumented classes. Default methods stay local; {@code equals} and
 * {@code hashCode} are Object's identity ones; {@code toString} names the interface. When the
 * invoker is missing or answers {@code RUN_LOCALLY}, a proxy method throws
 * {@link NoProviderException}.
 */
final class ProxyFactory implements Dispatch.Lookup
{
    /**
     * The suffix of generated proxy class names; such classes are never instrumented.
     */
    static final String SUFFIX = "$SwitchboardProxy";

    private final MethodTable table;
    private final AdviceFactory advice;
    private final ClassValue<Class<?>> proxyClasses = new ClassValue<>()
    {
        protected Class<?> computeValue(final Class<?> type)
        {
            return make(type);
        }
    };

    ProxyFactory(final MethodTable table, final AdviceFactory advice)
    {
        this.table = table;
        this.advice = advice;
    }

    public <T> T lookup(final Class<T> type)
    {
        try
        {
            final Constructor<?> constructor = proxyClass(type).getDeclaredConstructor();
            constructor.setAccessible(true); // the proxy of a package-private interface is package-private
            return type.cast(constructor.newInstance());
        }
        catch (final InstantiationException | IllegalAccessException | NoSuchMethodException ex)
        {
            throw new IllegalStateException("cannot instantiate the Switchboard proxy for " + type.getName(), ex);
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot instantiate the Switchboard proxy for " + type.getName(), ex.getCause());
        }
    }

    /**
     * @param type a {@code @Remote} interface.
     * @return its proxy class, generated once per interface.
     */
    Class<?> proxyClass(final Class<?> type)
    {
        return proxyClasses.get(type);
    }

    private Class<?> make(final Class<?> type)
    {
        final TypeDescription description = TypeDescription.ForLoadedType.of(type);
        final RemoteService service = table.register(description, type.getClassLoader());
        final Map<String, RemoteMethod> bound = MethodBinder.bind(description, List.of(service), false, new ArrayList<>());
        return new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .subclass(Object.class)
            .implement(type)
            .name(type.getName() + SUFFIX)
            .method(isToString()).intercept(FixedValue.value("Switchboard proxy for " + service.interfaceName()))
            // The body runs only when no invoker is installed or it answers RUN_LOCALLY: a proxy
            // has no local implementation to fall back to.
            .method(isAbstract()).intercept(ExceptionMethod.throwing(NoProviderException.class,
                "no provider of " + service.name() + " was reached and a Switchboard.lookup proxy has no local " +
                    "implementation to fall back to; start a provider with -javaagent:switchboard-agent.jar=provide=" +
                    service.interfaceName()))
            .visit(advice.remoteCalls(bound))
            .make()
            .load(type.getClassLoader(), loadingStrategy(type))
            .getLoaded();
    }

    /**
     * Defines the proxy next to its interface (same loader and package, so package-private
     * interfaces work and no loader is created per proxy) when the interface's package is open to
     * the agent, as every unnamed-module package is; otherwise in a child loader of its own.
     */
    private static ClassLoadingStrategy<ClassLoader> loadingStrategy(final Class<?> type)
    {
        if (null != type.getClassLoader() && ClassInjector.UsingLookup.isAvailable() &&
            type.getModule().isOpen(type.getPackageName(), ProxyFactory.class.getModule()))
        {
            try
            {
                return ClassLoadingStrategy.UsingLookup.of(MethodHandles.privateLookupIn(type, MethodHandles.lookup()));
            }
            catch (final IllegalAccessException ignore)
            {
                // fall through to a child loader
            }
        }
        return ClassLoadingStrategy.Default.WRAPPER;
    }
}
