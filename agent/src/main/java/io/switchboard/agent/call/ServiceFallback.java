package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.config.ConfigException;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.Fallback;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.api.RpcException;
import io.switchboard.bootstrap.Dispatch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What answers a call of one service when no provider can serve it: nothing (the caller gets
 * {@code NoProviderException}), the local implementation ({@code switchboard.fallback=local}), or an
 * instance of the service's fallback class ({@code switchboard.service.<interface>.fallback}, which
 * wins over {@code switchboard.fallback}).
 *
 * <p>The fallback class's methods are instrumented like any implementation of the interface; the
 * call path recognises its instance ({@link #isInstance}) and lets its bodies run locally.
 * Fallbacks are logged at most once per {@link #LOG_INTERVAL_NS} per service, with the count since.
 */
final class ServiceFallback
{
    static final long LOG_INTERVAL_NS = 10_000_000_000L;

    private final RemoteService service;
    private final String className;
    private final boolean local;
    private final AgentLog log;
    private final AtomicLong lastLogNs = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NS);
    private final AtomicLong sinceLog = new AtomicLong();
    private volatile Object instance;

    private ServiceFallback(final RemoteService service, final String className, final boolean local, final AgentLog log)
    {
        this.service = service;
        this.className = className;
        this.local = local;
        this.log = log;
    }

    /**
     * @param service the service.
     * @param config  the configuration.
     * @param log     where fallbacks are reported.
     * @return the service's fallback as configured.
     */
    static ServiceFallback of(final RemoteService service, final SwitchboardConfig config, final AgentLog log)
    {
        final String className = config.serviceFallbacks().get(service.interfaceName());
        return new ServiceFallback(service, className, null == className && Fallback.LOCAL == config.fallback(), log);
    }

    /**
     * Checks every configured fallback class at startup: it must exist, be a public concrete class
     * implementing the interface its key names, with a public no-arg constructor.
     *
     * @param fallbacks interface name to class name.
     * @param loader    the application's class loader.
     * @throws ConfigException naming the key and what is wrong.
     */
    static void check(final Map<String, String> fallbacks, final ClassLoader loader)
    {
        for (final Map.Entry<String, String> entry : fallbacks.entrySet())
        {
            final String key = ConfigKeys.SERVICE_FALLBACK.propertyName(entry.getKey());
            final String problem = problemWith(entry.getValue(), entry.getKey(), loader);
            if (null != problem)
            {
                throw new ConfigException("switchboard: " + key + "=" + entry.getValue() + ": " + problem);
            }
        }
    }

    private static String problemWith(final String className, final String interfaceName, final ClassLoader loader)
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className, false, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return "class not found on the application's class path (" + ex + "); check the name and the class path";
        }
        if (!implementsInterface(type, interfaceName))
        {
            return "the class does not implement " + interfaceName + "; a fallback must implement the interface it stands in for";
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers()))
        {
            return "the class must be public and not abstract";
        }
        try
        {
            type.getConstructor();
        }
        catch (final NoSuchMethodException ex)
        {
            return "the class needs a public no-arg constructor";
        }
        return null;
    }

    private static boolean implementsInterface(final Class<?> type, final String interfaceName)
    {
        for (Class<?> c = type; null != c; c = c.getSuperclass())
        {
            for (final Class<?> implemented : c.getInterfaces())
            {
                if (implemented.getName().equals(interfaceName) || implementsInterface(implemented, interfaceName))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return {@code true} when something answers calls that no provider can serve.
     */
    boolean isActive()
    {
        return local || null != className;
    }

    /**
     * @return {@code true} for {@code switchboard.fallback=local} without a fallback class.
     */
    boolean isLocal()
    {
        return local;
    }

    /**
     * @param target the receiver of an intercepted call.
     * @return {@code true} when it is this service's fallback instance, whose bodies run locally.
     */
    boolean isInstance(final Object target)
    {
        return null != target && target == instance;
    }

    /**
     * @return what answers: {@code local} or the fallback class name; for logs and spans.
     */
    String describe()
    {
        return null != className ? className : "local";
    }

    /**
     * Answers a call that no provider could serve.
     *
     * @return the fallback's result, or {@link Dispatch#RUN_LOCALLY} for the local implementation.
     * @throws Throwable what the fallback method threw.
     */
    Object invoke(final RemoteMethod method, final Object[] args) throws Throwable
    {
        reportFallback(method);
        if (local)
        {
            return Dispatch.RUN_LOCALLY;
        }
        try
        {
            return method.method().invoke(instance(), args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }

    private Object instance()
    {
        Object current = instance;
        if (null == current)
        {
            synchronized (this)
            {
                current = instance;
                if (null == current)
                {
                    current = create();
                    instance = current;
                }
            }
        }
        return current;
    }

    private Object create()
    {
        try
        {
            return load().getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | LinkageError ex)
        {
            final Throwable cause = ex instanceof InvocationTargetException ? ex.getCause() : ex;
            throw new RpcException("cannot create the fallback " + className + " of " + service.name() + " (" +
                ConfigKeys.SERVICE_FALLBACK.propertyName(service.interfaceName()) + "): " + cause, cause);
        }
    }

    private Class<?> load() throws ClassNotFoundException
    {
        final ClassLoader loader = service.classLoader();
        if (null != loader)
        {
            try
            {
                return Class.forName(className, true, loader);
            }
            catch (final ClassNotFoundException ex)
            {
                // the interface may come from a parent of the application's loader
            }
        }
        return Class.forName(className, true, ClassLoader.getSystemClassLoader());
    }

    private void reportFallback(final RemoteMethod method)
    {
        sinceLog.incrementAndGet();
        final long nowNs = System.nanoTime();
        final long last = lastLogNs.get();
        if (nowNs - last >= LOG_INTERVAL_NS && lastLogNs.compareAndSet(last, nowNs))
        {
            log.line("switchboard: no provider of " + service.name() + " could serve " + Failures.call(method) +
                "; answered by the fallback (" + describe() + "); " + sinceLog.getAndSet(0) +
                " fallback call(s) since the last such line");
        }
    }
}
