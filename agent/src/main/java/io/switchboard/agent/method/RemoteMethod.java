package io.switchboard.agent.method;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashMap;
import java.util.Map;

/**
 * Descriptor of one method of a {@link RemoteService}, built at transform time from class files
 * (no class is loaded for it). The {@link Class} objects are resolved lazily, in the interface's own
 * class loader, and cached with the interface class itself so that no loader is kept alive.
 */
public final class RemoteMethod
{
    private static final ClassValue<Map<String, Method>> METHODS_BY_KEY = new ClassValue<>()
    {
        protected Map<String, Method> computeValue(final Class<?> type)
        {
            final Map<String, Method> methods = new HashMap<>();
            for (final Method method : type.getMethods())
            {
                if (!Modifier.isStatic(method.getModifiers()) && !method.isBridge())
                {
                    methods.putIfAbsent(method.getName() + parameterDescriptor(method), method);
                }
            }
            return methods;
        }
    };

    private final int index;
    private final RemoteService service;
    private final String name;
    private final String parameterDescriptor;
    private final String[] parameterTypeNames;
    private final String returnTypeName;
    private final String asyncValueTypeName;
    private final long id;
    private final boolean idempotent;
    private final boolean async;
    private final boolean voidResult;

    RemoteMethod(
        final int index,
        final RemoteService service,
        final String name,
        final String parameterDescriptor,
        final String[] parameterTypeNames,
        final String returnTypeName,
        final String asyncValueTypeName,
        final boolean idempotent)
    {
        this.index = index;
        this.service = service;
        this.name = name;
        this.parameterDescriptor = parameterDescriptor;
        this.parameterTypeNames = parameterTypeNames;
        this.returnTypeName = returnTypeName;
        this.asyncValueTypeName = asyncValueTypeName;
        this.idempotent = idempotent;
        this.async = null != asyncValueTypeName;
        this.voidResult = "void".equals(returnTypeName);
        this.id = MethodId.of(service.name(), name, parameterDescriptor);
    }

    /**
     * @param method a Java method.
     * @return its parameter descriptor, e.g. {@code (Ljava/lang/String;I)}.
     */
    public static String parameterDescriptor(final Method method)
    {
        final String descriptor = MethodType.methodType(void.class, method.getParameterTypes()).toMethodDescriptorString();
        return descriptor.substring(0, descriptor.indexOf(')') + 1);
    }

    /**
     * @return the index in the {@link MethodTable}, the constant baked into advice and proxies.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return the service this method belongs to.
     */
    public RemoteService service()
    {
        return service;
    }

    /**
     * @return the method name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the JVM descriptor of the erased parameter types, e.g. {@code (Ljava/lang/String;I)}.
     */
    public String parameterDescriptor()
    {
        return parameterDescriptor;
    }

    /**
     * @return the erased parameter type names as {@link Class#getName()} spells them; a copy.
     */
    public String[] parameterTypeNames()
    {
        return parameterTypeNames.clone();
    }

    /**
     * @return the erased return type name, {@code "void"} for none.
     */
    public String returnTypeName()
    {
        return returnTypeName;
    }

    /**
     * @return the stable wire id, see {@link MethodId}.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return whether the method is annotated {@code @Idempotent}.
     */
    public boolean isIdempotent()
    {
        return idempotent;
    }

    /**
     * @return the service's {@code @Remote.timeoutMillis}; {@code 0} or less means the global one.
     */
    public long timeoutMillis()
    {
        return service.timeoutMillis();
    }

    /**
     * @return whether it returns {@code CompletableFuture} or {@code CompletionStage}: the invoker
     * must return a future at once and complete it when the reply arrives.
     */
    public boolean isAsync()
    {
        return async;
    }

    /**
     * @return whether the future is a {@code CompletableFuture} (else a {@code CompletionStage}).
     */
    public boolean returnsCompletableFuture()
    {
        return "java.util.concurrent.CompletableFuture".equals(returnTypeName);
    }

    /**
     * @return the erased value type of the future for async methods ({@code java.lang.Object} when
     * not known), else {@code null}.
     */
    public String asyncValueTypeName()
    {
        return asyncValueTypeName;
    }

    /**
     * @return whether the method returns {@code void}.
     */
    public boolean isVoid()
    {
        return voidResult;
    }

    /**
     * @return the interface method, resolved in the interface's class loader (cached).
     * @throws IllegalStateException when the loader was collected.
     */
    public Method method()
    {
        final Method method = METHODS_BY_KEY.get(service.interfaceType()).get(name + parameterDescriptor);
        if (null == method)
        {
            throw new IllegalStateException("no method " + name + parameterDescriptor + " in " + service.interfaceName());
        }
        return method;
    }

    /**
     * @return the erased parameter types; a copy.
     */
    public Class<?>[] parameterTypes()
    {
        return method().getParameterTypes();
    }

    /**
     * @return the erased return type.
     */
    public Class<?> returnType()
    {
        return method().getReturnType();
    }

    /**
     * @return the declared (checked or unchecked) exception types; a copy.
     */
    public Class<?>[] exceptionTypes()
    {
        return method().getExceptionTypes();
    }

    /**
     * @return the erased value type of the future for async methods, else {@code null}.
     */
    public Class<?> asyncValueType()
    {
        if (!async)
        {
            return null;
        }
        final Type type = method().getGenericReturnType();
        if (type instanceof ParameterizedType)
        {
            return erase(((ParameterizedType)type).getActualTypeArguments()[0]);
        }
        return Object.class;
    }

    private static Class<?> erase(final Type type)
    {
        if (type instanceof Class)
        {
            return (Class<?>)type;
        }
        if (type instanceof ParameterizedType)
        {
            return erase(((ParameterizedType)type).getRawType());
        }
        if (type instanceof WildcardType)
        {
            return erase(((WildcardType)type).getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable)
        {
            return erase(((TypeVariable<?>)type).getBounds()[0]);
        }
        return Object.class; // generic array: the serializer treats it as any object
    }

    public String toString()
    {
        return service.name() + '#' + name + parameterDescriptor + " #" + index + " id=" + Long.toHexString(id);
    }
}
