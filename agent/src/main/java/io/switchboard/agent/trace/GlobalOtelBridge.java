package io.switchboard.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Makes Switchboard's spans through another copy of the OpenTelemetry API: the application's
 * {@code GlobalOpenTelemetry}, in particular the one the OpenTelemetry Java agent installs. Our own
 * OpenTelemetry classes are relocated, so we cannot pass our objects to that API or take its objects
 * as ours; this class reaches the other copy by method handles, found once, and holds its spans and
 * contexts as plain objects. Its context is then the one the application and the Java agent see: a
 * span the Java agent made is the parent of our CLIENT span, our SERVER span is current while the
 * provider's method runs, and the application's {@code Baggage.current()} shows the caller's baggage.
 *
 * <p>{@link #find} returns {@code null} when there is no such instance; the caller then falls back to
 * Switchboard's own SDK.
 */
final class GlobalOtelBridge implements TraceApi
{
    /** Where the OpenTelemetry Java agent keeps its (shaded) API: on the bootstrap class path. */
    private static final String JAVA_AGENT_API = String.join(".", "io", "opentelemetry", "javaagent", "shaded", "io",
        "opentelemetry");
    /**
     * The plain API package. Built at run time: the shade plugin relocates string constants that start
     * with a relocated package, and this name must stay the application's.
     */
    private static final String APPLICATION_API = String.join(".", "io", "opentelemetry");

    private final MethodHandle currentContext;
    private final MethodHandle rootContext;
    private final MethodHandle makeCurrent;
    private final MethodHandle closeScope;
    private final MethodHandle spanFromContext;
    private final MethodHandle spanContext;
    private final MethodHandle isValid;
    private final MethodHandle isSampled;
    private final MethodHandle spanBuilder;
    private final MethodHandle setSpanKind;
    private final MethodHandle setParent;
    private final MethodHandle builderString;
    private final MethodHandle builderLong;
    private final MethodHandle startSpan;
    private final MethodHandle storeInContext;
    private final MethodHandle inject;
    private final MethodHandle extract;
    private final MethodHandle isRecording;
    private final MethodHandle spanString;
    private final MethodHandle spanLong;
    private final MethodHandle addEvent;
    private final MethodHandle attributesBuilder;
    private final MethodHandle putString;
    private final MethodHandle putLong;
    private final MethodHandle buildAttributes;
    private final MethodHandle recordException;
    private final MethodHandle setStatus;
    private final MethodHandle end;
    private final Object tracer;
    private final Object propagator;
    private final Object setter;
    private final Object getter;
    private final Object errorStatus;
    private final Object[] kinds;
    private final String description;

    /**
     * Binds to one copy of the OpenTelemetry API.
     *
     * @param openTelemetry an {@code OpenTelemetry} instance of that copy.
     * @param loader        the class loader of that copy ({@code null}: the bootstrap class path).
     * @param apiPackage    its root package, {@code io.opentelemetry} or a shaded one.
     * @param version       Switchboard's version, for the tracer.
     * @param description   what this is, for the startup line.
     * @throws ReflectiveOperationException when that copy lacks a method Switchboard uses.
     */
    GlobalOtelBridge(
        final Object openTelemetry,
        final ClassLoader loader,
        final String apiPackage,
        final String version,
        final String description)
        throws ReflectiveOperationException
    {
        final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        final Class<?> openTelemetryType = type(loader, apiPackage, "api.OpenTelemetry");
        final Class<?> context = type(loader, apiPackage, "context.Context");
        final Class<?> scope = type(loader, apiPackage, "context.Scope");
        final Class<?> span = type(loader, apiPackage, "api.trace.Span");
        final Class<?> spanContextType = type(loader, apiPackage, "api.trace.SpanContext");
        final Class<?> tracerType = type(loader, apiPackage, "api.trace.Tracer");
        final Class<?> builder = type(loader, apiPackage, "api.trace.SpanBuilder");
        final Class<?> spanKind = type(loader, apiPackage, "api.trace.SpanKind");
        final Class<?> statusCode = type(loader, apiPackage, "api.trace.StatusCode");
        final Class<?> attributes = type(loader, apiPackage, "api.common.Attributes");
        final Class<?> attributesBuilderType = type(loader, apiPackage, "api.common.AttributesBuilder");
        final Class<?> propagators = type(loader, apiPackage, "context.propagation.ContextPropagators");
        final Class<?> textMapPropagator = type(loader, apiPackage, "context.propagation.TextMapPropagator");
        final Class<?> textMapSetter = type(loader, apiPackage, "context.propagation.TextMapSetter");
        final Class<?> textMapGetter = type(loader, apiPackage, "context.propagation.TextMapGetter");

        currentContext = lookup.findStatic(context, "current", MethodType.methodType(context));
        rootContext = lookup.findStatic(context, "root", MethodType.methodType(context));
        makeCurrent = lookup.findVirtual(context, "makeCurrent", MethodType.methodType(scope));
        closeScope = lookup.findVirtual(scope, "close", MethodType.methodType(void.class));
        spanFromContext = lookup.findStatic(span, "fromContext", MethodType.methodType(span, context));
        spanContext = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContextType));
        isValid = lookup.findVirtual(spanContextType, "isValid", MethodType.methodType(boolean.class));
        isSampled = lookup.findVirtual(spanContextType, "isSampled", MethodType.methodType(boolean.class));
        spanBuilder = lookup.findVirtual(tracerType, "spanBuilder", MethodType.methodType(builder, String.class));
        setSpanKind = lookup.findVirtual(builder, "setSpanKind", MethodType.methodType(builder, spanKind));
        setParent = lookup.findVirtual(builder, "setParent", MethodType.methodType(builder, context));
        builderString = lookup.findVirtual(builder, "setAttribute",
            MethodType.methodType(builder, String.class, String.class));
        builderLong = lookup.findVirtual(builder, "setAttribute", MethodType.methodType(builder, String.class, long.class));
        startSpan = lookup.findVirtual(builder, "startSpan", MethodType.methodType(span));
        storeInContext = lookup.findVirtual(span, "storeInContext", MethodType.methodType(context, context));
        inject = lookup.findVirtual(textMapPropagator, "inject",
            MethodType.methodType(void.class, context, Object.class, textMapSetter));
        extract = lookup.findVirtual(textMapPropagator, "extract",
            MethodType.methodType(context, context, Object.class, textMapGetter));
        isRecording = lookup.findVirtual(span, "isRecording", MethodType.methodType(boolean.class));
        spanString = lookup.findVirtual(span, "setAttribute", MethodType.methodType(span, String.class, String.class));
        spanLong = lookup.findVirtual(span, "setAttribute", MethodType.methodType(span, String.class, long.class));
        addEvent = lookup.findVirtual(span, "addEvent", MethodType.methodType(span, String.class, attributes));
        attributesBuilder = lookup.findStatic(attributes, "builder", MethodType.methodType(attributesBuilderType));
        putString = lookup.findVirtual(attributesBuilderType, "put",
            MethodType.methodType(attributesBuilderType, String.class, String.class));
        putLong = lookup.findVirtual(attributesBuilderType, "put",
            MethodType.methodType(attributesBuilderType, String.class, long.class));
        buildAttributes = lookup.findVirtual(attributesBuilderType, "build", MethodType.methodType(attributes));
        recordException = lookup.findVirtual(span, "recordException", MethodType.methodType(span, Throwable.class));
        setStatus = lookup.findVirtual(span, "setStatus", MethodType.methodType(span, statusCode, String.class));
        end = lookup.findVirtual(span, "end", MethodType.methodType(void.class));

        try
        {
            tracer = lookup.findVirtual(openTelemetryType, "getTracer",
                MethodType.methodType(tracerType, String.class, String.class)).invoke(openTelemetry, "io.switchboard", version);
            final Object contextPropagators = lookup.findVirtual(openTelemetryType, "getPropagators",
                MethodType.methodType(propagators)).invoke(openTelemetry);
            propagator = lookup.findVirtual(propagators, "getTextMapPropagator", MethodType.methodType(textMapPropagator))
                .invoke(contextPropagators);
        }
        catch (final ReflectiveOperationException | RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
        setter = proxy(textMapSetter, SETTER);
        getter = proxy(textMapGetter, GETTER);
        errorStatus = constant(statusCode, "ERROR");
        final SpanKind[] ours = SpanKind.values();
        kinds = new Object[ours.length];
        for (final SpanKind kind : ours)
        {
            kinds[kind.ordinal()] = constant(spanKind, kind.name());
        }
        this.description = description;
    }

    /**
     * Finds the application's OpenTelemetry: the OpenTelemetry Java agent's (its premain must have run,
     * so its {@code -javaagent} comes before Switchboard's), else a {@code GlobalOpenTelemetry} the
     * application's class path already holds and has set.
     *
     * @param version Switchboard's version, for the tracer.
     * @return the bridge, or {@code null} when there is no application OpenTelemetry.
     * @throws ReflectiveOperationException when one is there but lacks a method Switchboard uses.
     */
    static GlobalOtelBridge find(final String version) throws ReflectiveOperationException
    {
        if (javaAgentPresent())
        {
            // Only the Java agent's own API: loading the application's GlobalOpenTelemetry now, before
            // a later Java agent premain could instrument it, would cut the application off from it.
            final Class<?> javaAgentGlobal = load(null, JAVA_AGENT_API + ".api.GlobalOpenTelemetry");
            // Its premain sets its instance; an API too old to have isSet() is taken as set.
            return null != javaAgentGlobal && isSet(javaAgentGlobal, true) ?
                new GlobalOtelBridge(global(javaAgentGlobal), null, JAVA_AGENT_API, version, "the OpenTelemetry Java agent") :
                null;
        }
        final ClassLoader application = ClassLoader.getSystemClassLoader();
        final Class<?> applicationGlobal = load(application, APPLICATION_API + ".api.GlobalOpenTelemetry");
        // Without isSet() (an API before 1.5x) there is no way to ask without get() installing a no-op.
        if (null != applicationGlobal && isSet(applicationGlobal, false))
        {
            return new GlobalOtelBridge(global(applicationGlobal), application, APPLICATION_API, version,
                "the application's GlobalOpenTelemetry");
        }
        return null;
    }

    /**
     * @return whether the OpenTelemetry Java agent's jar is on the class path, set up or not.
     */
    static boolean javaAgentPresent()
    {
        return null != load(ClassLoader.getSystemClassLoader(), String.join(".", "io", "opentelemetry", "javaagent",
            "OpenTelemetryAgent"));
    }

    @Override
    public String toString()
    {
        return description;
    }

    private static Class<?> load(final ClassLoader loader, final String name)
    {
        try
        {
            return Class.forName(name, false, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return null;
        }
    }

    private static boolean isSet(final Class<?> global, final boolean whenUnknown) throws ReflectiveOperationException
    {
        try
        {
            return (boolean)global.getMethod("isSet").invoke(null);
        }
        catch (final NoSuchMethodException ex)
        {
            return whenUnknown;
        }
    }

    private static Object global(final Class<?> global) throws ReflectiveOperationException
    {
        return global.getMethod("get").invoke(null);
    }

    private static Class<?> type(final ClassLoader loader, final String apiPackage, final String name)
        throws ClassNotFoundException
    {
        return Class.forName(apiPackage + '.' + name, false, loader);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(final Class<?> enumType, final String name)
    {
        return Enum.valueOf((Class)enumType, name);
    }

    private static Object proxy(final Class<?> type, final InvocationHandler handler)
    {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** TextMapSetter.set(carrier, key, value): the carrier is our {@link HeaderSink}. */
    private static final InvocationHandler SETTER = (proxy, method, args) ->
    {
        if ("set".equals(method.getName()) && null != args && 3 == args.length)
        {
            if (args[0] instanceof HeaderSink sink)
            {
                sink.header((String)args[1], (String)args[2]);
            }
            return null;
        }
        return objectMethod(proxy, method, args);
    };

    /** TextMapGetter.keys(carrier) / get(carrier, key): the carrier is {traceparent, tracestate, baggage}. */
    private static final InvocationHandler GETTER = (proxy, method, args) ->
    {
        if ("get".equals(method.getName()) && null != args && 2 == args.length)
        {
            return args[0] instanceof String[] carrier ? ClientSpan.header(carrier, (String)args[1]) : null;
        }
        if ("keys".equals(method.getName()) && null != args && 1 == args.length)
        {
            return List.of(ClientSpan.TRACEPARENT, ClientSpan.TRACESTATE, ClientSpan.BAGGAGE);
        }
        return objectMethod(proxy, method, args);
    };

    private static Object objectMethod(final Object proxy, final java.lang.reflect.Method method, final Object[] args)
        throws Throwable
    {
        switch (method.getName())
        {
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "switchboard-w3c-carrier";
            default:
                return InvocationHandler.invokeDefault(proxy, method, args);
        }
    }

    private static RuntimeException failed(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtime)
        {
            return runtime;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException("the bridge to the application's OpenTelemetry failed: " + ex, ex);
    }

    @Override
    public Object currentContext()
    {
        try
        {
            return currentContext.invoke();
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public Object extract(final String traceparent, final String tracestate, final String baggage)
    {
        try
        {
            return extract.invoke(propagator, rootContext.invoke(), (Object)new String[] {traceparent, tracestate, baggage},
                getter);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public Object rootContext()
    {
        try
        {
            return rootContext.invoke();
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public boolean isUnsampled(final Object context)
    {
        try
        {
            final Object spanContextOf = spanContext.invoke(spanFromContext.invoke(context));
            return (boolean)isValid.invoke(spanContextOf) && !(boolean)isSampled.invoke(spanContextOf);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public Object startSpan(final String name, final SpanKind kind, final Object parent, final Attributes attributes)
    {
        try
        {
            final Object builder = setParent.invoke(setSpanKind.invoke(spanBuilder.invoke(tracer, name), kinds[kind.ordinal()]),
                parent);
            attributes.forEach((key, value) -> setOnBuilder(builder, key, value));
            return startSpan.invoke(builder);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    private void setOnBuilder(final Object builder, final AttributeKey<?> key, final Object value)
    {
        try
        {
            if (value instanceof Long number)
            {
                builderLong.invoke(builder, key.getKey(), number.longValue());
            }
            else
            {
                builderString.invoke(builder, key.getKey(), String.valueOf(value));
            }
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public Object with(final Object context, final Object span)
    {
        try
        {
            return storeInContext.invoke(span, context);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void inject(final Object context, final HeaderSink sink)
    {
        try
        {
            inject.invoke(propagator, context, (Object)sink, setter);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public boolean isRecording(final Object span)
    {
        try
        {
            return (boolean)isRecording.invoke(span);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public boolean isSampled(final Object span)
    {
        try
        {
            return (boolean)isSampled.invoke(spanContext.invoke(span));
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void setAttribute(final Object span, final AttributeKey<String> key, final String value)
    {
        try
        {
            spanString.invoke(span, key.getKey(), value);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void setAttribute(final Object span, final AttributeKey<Long> key, final long value)
    {
        try
        {
            spanLong.invoke(span, key.getKey(), value);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void addEvent(final Object span, final String name, final Attributes attributes)
    {
        try
        {
            final Object builder = attributesBuilder.invoke();
            attributes.forEach((key, value) -> putOnBuilder(builder, key, value));
            addEvent.invoke(span, name, buildAttributes.invoke(builder));
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    private void putOnBuilder(final Object builder, final AttributeKey<?> key, final Object value)
    {
        try
        {
            if (value instanceof Long number)
            {
                putLong.invoke(builder, key.getKey(), number.longValue());
            }
            else
            {
                putString.invoke(builder, key.getKey(), String.valueOf(value));
            }
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void recordException(final Object span, final Throwable error)
    {
        try
        {
            recordException.invoke(span, error);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void setError(final Object span, final String description)
    {
        try
        {
            setStatus.invoke(span, errorStatus, description);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public void end(final Object span)
    {
        try
        {
            end.invoke(span);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    @Override
    public TraceScope makeCurrent(final Object context)
    {
        try
        {
            final Object scope = makeCurrent.invoke(context);
            return () -> close(scope);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }

    private void close(final Object scope)
    {
        try
        {
            closeScope.invoke(scope);
        }
        catch (final Throwable ex)
        {
            throw failed(ex);
        }
    }
}
