package io.switchboard.agent.method;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The registry of remote services and methods: int indices, baked into advice and proxies as
 * constants, map to {@link RemoteService} and {@link RemoteMethod} descriptors.
 *
 * <p>Hot path: {@link #method(int)} is a plain read of a volatile array. Registration happens at
 * transform time under a lock. Entries are keyed weakly by class loader; entries of a collected
 * loader are dropped and their indices reused (no class carrying them can be alive any more).
 * The table is bounded by {@link #MAX_METHODS} and {@link #MAX_SERVICES}.
 */
public final class MethodTable
{
    /**
     * The fully qualified name of the interface annotation.
     */
    public static final String REMOTE = "io.switchboard.api.Remote";

    /**
     * The fully qualified name of the method annotation.
     */
    public static final String IDEMPOTENT = "io.switchboard.api.Idempotent";

    /**
     * The most methods the table holds at once.
     */
    public static final int MAX_METHODS = 1 << 16;

    /**
     * The most services the table holds at once.
     */
    public static final int MAX_SERVICES = 1 << 12;

    private static final Set<String> OBJECT_METHODS = Set.of("equals(Ljava/lang/Object;)", "hashCode()", "toString()");

    private final Map<ClassLoader, Map<String, RemoteService>> servicesByLoader = new WeakHashMap<>();
    private final Deque<Integer> freeMethodIndices = new ArrayDeque<>();
    private final Deque<Integer> freeServiceIndices = new ArrayDeque<>();
    private int nextMethodIndex;
    private int nextServiceIndex;
    private volatile RemoteMethod[] methods = new RemoteMethod[64];
    private volatile RemoteService[] services = new RemoteService[16];

    /**
     * Hot path.
     *
     * @param index a method index baked into instrumented code.
     * @return the method, or {@code null} when the index is unknown.
     */
    public RemoteMethod method(final int index)
    {
        final RemoteMethod[] methods = this.methods;
        return index >= 0 && index < methods.length ? methods[index] : null;
    }

    /**
     * @param index a service index.
     * @return the service, or {@code null} when the index is unknown.
     */
    public RemoteService service(final int index)
    {
        final RemoteService[] services = this.services;
        return index >= 0 && index < services.length ? services[index] : null;
    }

    /**
     * @return every live service (one per interface per class loader), after dropping the dead.
     */
    public synchronized List<RemoteService> services()
    {
        expunge();
        final List<RemoteService> live = new ArrayList<>();
        for (final RemoteService service : services)
        {
            if (null != service)
            {
                live.add(service);
            }
        }
        return live;
    }

    /**
     * A service is registered per class loader that asked for it (the loader of an implementing
     * class, or of the interface for a lookup proxy), so one interface can appear more than once;
     * the serving path wants the entries whose {@link RemoteService#exportedInstance()} is set.
     *
     * @param serviceName a service name or an interface name.
     * @return the live services of that name, one per class loader that loaded the interface.
     */
    public List<RemoteService> servicesNamed(final String serviceName)
    {
        final List<RemoteService> named = new ArrayList<>();
        for (final RemoteService service : services())
        {
            if (service.name().equals(serviceName) || service.interfaceName().equals(serviceName))
            {
                named.add(service);
            }
        }
        return named;
    }

    /**
     * Registers (or finds) the service of a {@code @Remote} interface as loaded by {@code loader}.
     *
     * @param remoteInterface an interface annotated {@code @io.switchboard.api.Remote}.
     * @param loader          the loader that loads it (as the instrumented class sees it).
     * @return the service.
     * @throws IllegalArgumentException when the type is not a {@code @Remote} interface.
     * @throws IllegalStateException    when the table is full.
     */
    public synchronized RemoteService register(final TypeDescription remoteInterface, final ClassLoader loader)
    {
        final AnnotationDescription remote = remoteAnnotation(remoteInterface);
        if (!remoteInterface.isInterface() || null == remote)
        {
            throw new IllegalArgumentException(remoteInterface.getName() + " is not an interface annotated @" + REMOTE);
        }

        final Map<String, RemoteService> byName = servicesByLoader.computeIfAbsent(loader, (ignore) -> new HashMap<>());
        final RemoteService existing = byName.get(remoteInterface.getName());
        if (null != existing)
        {
            return existing;
        }

        expunge();
        final String name = remote.getValue("name").resolve(String.class);
        final RemoteService service = new RemoteService(
            serviceIndex(),
            name.isEmpty() ? remoteInterface.getName() : name,
            remote.getValue("version").resolve(String.class),
            remoteInterface.getName(),
            remote.getValue("timeoutMillis").resolve(Long.class),
            loader);

        final List<MethodDescription> declared = remoteMethods(remoteInterface);
        final RemoteMethod[] serviceMethods = new RemoteMethod[declared.size()];
        for (int i = 0; i < serviceMethods.length; i++)
        {
            serviceMethods[i] = describe(methodIndex(), service, declared.get(i));
        }
        service.methods(serviceMethods);

        RemoteService[] services = this.services;
        if (service.index() >= services.length)
        {
            services = Arrays.copyOf(services, services.length * 2);
        }
        services[service.index()] = service;
        RemoteMethod[] methods = this.methods;
        for (final RemoteMethod method : serviceMethods)
        {
            if (method.index() >= methods.length)
            {
                methods = Arrays.copyOf(methods, Math.max(methods.length * 2, method.index() + 1));
            }
            methods[method.index()] = method;
        }
        this.methods = methods;
        this.services = services;
        byName.put(remoteInterface.getName(), service);
        return service;
    }

    /**
     * @param type any type description.
     * @return its {@code @Remote} annotation, or {@code null}.
     */
    public static AnnotationDescription remoteAnnotation(final TypeDescription type)
    {
        for (final AnnotationDescription annotation : type.getDeclaredAnnotations())
        {
            if (REMOTE.equals(annotation.getAnnotationType().getName()))
            {
                return annotation;
            }
        }
        return null;
    }

    /**
     * @param method a method description.
     * @return its parameter descriptor, e.g. {@code (Ljava/lang/String;I)}.
     */
    public static String parameterDescriptor(final MethodDescription method)
    {
        final String descriptor = method.getDescriptor();
        return descriptor.substring(0, descriptor.indexOf(')') + 1);
    }

    /**
     * The remote methods of a {@code @Remote} interface: its abstract methods and those of its
     * super-interfaces (annotated or not), minus default and static methods and redeclared
     * {@code equals}/{@code hashCode}/{@code toString}; the most specific declaration wins.
     *
     * @param remoteInterface the interface.
     * @return the methods sorted by name and parameter descriptor.
     */
    public static List<MethodDescription> remoteMethods(final TypeDescription remoteInterface)
    {
        final Set<String> seen = new HashSet<>(OBJECT_METHODS);
        final Map<String, MethodDescription> remote = new TreeMap<>();
        final Deque<TypeDescription> pending = new ArrayDeque<>();
        final Set<String> visited = new HashSet<>();
        pending.add(remoteInterface);
        while (!pending.isEmpty())
        {
            final TypeDescription type = pending.poll();
            if (!visited.add(type.getName()))
            {
                continue;
            }
            for (final MethodDescription.InDefinedShape method : type.getDeclaredMethods())
            {
                if (method.isStatic() || method.isTypeInitializer() || method.isPrivate() || method.isBridge())
                {
                    continue;
                }
                final String key = method.getInternalName() + parameterDescriptor(method);
                if (seen.add(key) && method.isAbstract())
                {
                    remote.put(key, method);
                }
            }
            final TypeList.Generic interfaces = type.getInterfaces();
            for (final TypeDescription.Generic superInterface : interfaces)
            {
                pending.add(superInterface.asErasure());
            }
        }
        return new ArrayList<>(remote.values());
    }

    private static RemoteMethod describe(final int index, final RemoteService service, final MethodDescription method)
    {
        final String[] parameterTypeNames = new String[method.getParameters().size()];
        for (int i = 0; i < parameterTypeNames.length; i++)
        {
            parameterTypeNames[i] = method.getParameters().get(i).getType().asErasure().getName();
        }
        final TypeDescription.Generic returnType = method.getReturnType();
        final String returnTypeName = returnType.asErasure().getName();
        String asyncValueTypeName = null;
        if ("java.util.concurrent.CompletableFuture".equals(returnTypeName) ||
            "java.util.concurrent.CompletionStage".equals(returnTypeName))
        {
            asyncValueTypeName = "java.lang.Object";
            if (returnType.getSort() == TypeDefinition.Sort.PARAMETERIZED)
            {
                asyncValueTypeName = erasureName(returnType.getTypeArguments().get(0));
            }
        }
        boolean idempotent = false;
        for (final AnnotationDescription annotation : method.getDeclaredAnnotations())
        {
            idempotent |= IDEMPOTENT.equals(annotation.getAnnotationType().getName());
        }
        return new RemoteMethod(
            index,
            service,
            method.getInternalName(),
            parameterDescriptor(method),
            parameterTypeNames,
            returnTypeName,
            asyncValueTypeName,
            idempotent);
    }

    private static String erasureName(final TypeDescription.Generic type)
    {
        if (type.getSort() == TypeDefinition.Sort.WILDCARD)
        {
            return erasureName(type.getUpperBounds().getOnly());
        }
        return type.asErasure().getName();
    }

    private int serviceIndex()
    {
        if (!freeServiceIndices.isEmpty())
        {
            return freeServiceIndices.poll();
        }
        if (nextServiceIndex >= MAX_SERVICES)
        {
            throw new IllegalStateException("more than " + MAX_SERVICES + " remote services are loaded");
        }
        return nextServiceIndex++;
    }

    private int methodIndex()
    {
        if (!freeMethodIndices.isEmpty())
        {
            return freeMethodIndices.poll();
        }
        if (nextMethodIndex >= MAX_METHODS)
        {
            throw new IllegalStateException("more than " + MAX_METHODS + " remote methods are loaded");
        }
        return nextMethodIndex++;
    }

    private void expunge()
    {
        final RemoteService[] services = this.services;
        final RemoteMethod[] methods = this.methods;
        for (int i = 0; i < services.length; i++)
        {
            final RemoteService service = services[i];
            if (null != service && !service.isLive())
            {
                services[i] = null;
                freeServiceIndices.add(i);
                for (final RemoteMethod method : service.methods())
                {
                    methods[method.index()] = null;
                    freeMethodIndices.add(method.index());
                }
            }
        }
        servicesByLoader.size(); // lets the WeakHashMap drop its stale entries
        this.methods = methods;
        this.services = services;
    }
}
