package io.switchboard.agent.method;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code @Remote} interface as loaded by one class loader: its service name, version, timeout
 * and methods. Holds its class loader and interface only weakly, so a dropped loader is released.
 */
public final class RemoteService
{
    private final int index;
    private final String name;
    private final String version;
    private final String interfaceName;
    private final long timeoutMillis;
    private final boolean bootstrapLoaded;
    private final WeakReference<ClassLoader> loader;
    private final AtomicReference<Object> exported = new AtomicReference<>();
    private volatile WeakReference<Class<?>> interfaceType;
    private List<RemoteMethod> methods = Collections.emptyList();
    private Map<Long, RemoteMethod> methodsById = Collections.emptyMap();

    RemoteService(
        final int index,
        final String name,
        final String version,
        final String interfaceName,
        final long timeoutMillis,
        final ClassLoader loader)
    {
        this.index = index;
        this.name = name;
        this.version = version;
        this.interfaceName = interfaceName;
        this.timeoutMillis = timeoutMillis;
        this.bootstrapLoaded = null == loader;
        this.loader = new WeakReference<>(loader);
    }

    void methods(final RemoteMethod[] methods)
    {
        final Map<Long, RemoteMethod> byId = new HashMap<>();
        for (final RemoteMethod method : methods)
        {
            final RemoteMethod clash = byId.put(method.id(), method);
            if (null != clash)
            {
                throw new IllegalStateException("method id clash in " + name + ": " + clash + " and " + method);
            }
        }
        this.methods = Collections.unmodifiableList(Arrays.asList(methods));
        this.methodsById = byId;
    }

    /**
     * @return the index of this service in its {@link MethodTable}.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return {@code @Remote.name}, or the interface's fully qualified name when that is empty.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return {@code @Remote.version}, {@code ""} when unversioned.
     */
    public String version()
    {
        return version;
    }

    /**
     * @return the fully qualified name of the {@code @Remote} interface.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    /**
     * @return {@code @Remote.timeoutMillis}; {@code 0} or less means the global timeout.
     */
    public long timeoutMillis()
    {
        return timeoutMillis;
    }

    /**
     * @return the remote methods, sorted by name and parameter descriptor.
     */
    public List<RemoteMethod> methods()
    {
        return methods;
    }

    /**
     * The provider's check of an incoming method id.
     *
     * @param methodId a wire method id, see {@link MethodId}.
     * @return the method, or {@code null} when this service has no method with that id.
     */
    public RemoteMethod methodById(final long methodId)
    {
        return methodsById.get(methodId);
    }

    /**
     * The classes named by the service's signatures, resolved in its class loader: parameter,
     * return, future value and declared exception types (arrays kept as arrays). A starting point
     * for the serializer's allow-list; it does not walk fields.
     *
     * @return the classes, without {@code void}, in a stable order.
     */
    public Set<Class<?>> signatureClasses()
    {
        final Set<Class<?>> classes = new LinkedHashSet<>();
        for (final RemoteMethod method : methods)
        {
            classes.addAll(Arrays.asList(method.parameterTypes()));
            classes.add(method.returnType());
            if (method.isAsync())
            {
                classes.add(method.asyncValueType());
            }
            classes.addAll(Arrays.asList(method.exceptionTypes()));
        }
        classes.remove(void.class);
        return classes;
    }

    /**
     * @return the class loader that defined the interface, or {@code null} for the bootstrap
     * loader or when it was collected.
     */
    public ClassLoader classLoader()
    {
        return loader.get();
    }

    /**
     * @return {@code false} once the class loader of the interface was garbage collected.
     */
    public boolean isLive()
    {
        return bootstrapLoaded || null != loader.get();
    }

    /**
     * Resolves the interface in its own class loader, without initialising it.
     *
     * @return the interface.
     * @throws IllegalStateException when its class loader was collected or cannot load it.
     */
    public Class<?> interfaceType()
    {
        final WeakReference<Class<?>> ref = interfaceType;
        Class<?> type = null == ref ? null : ref.get();
        if (null == type)
        {
            if (!isLive())
            {
                throw new IllegalStateException("the class loader of " + interfaceName + " was collected");
            }
            try
            {
                type = Class.forName(interfaceName, false, loader.get());
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IllegalStateException("cannot load " + interfaceName + " from " + loader.get(), ex);
            }
            interfaceType = new WeakReference<>(type);
        }
        return type;
    }

    /**
     * Records a constructed instance; the first one recorded is the exported one.
     *
     * @param instance an instance implementing this service.
     * @return {@code true} when it became the exported instance.
     */
    public boolean export(final Object instance)
    {
        return exported.compareAndSet(null, instance);
    }

    /**
     * @return the first constructed instance of this service in this process, or {@code null}.
     */
    public Object exportedInstance()
    {
        return exported.get();
    }

    /**
     * Forgets the exported instance, e.g. when the agent is closed.
     */
    public void clearExport()
    {
        exported.set(null);
    }

    public String toString()
    {
        return "RemoteService{" + name + (version.isEmpty() ? "" : " version " + version) + " (" + interfaceName +
            ") #" + index + '}';
    }
}
