package io.switchboard.transport.serial;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The classes a payload may name, checked by name before any class is loaded.
 * <p>
 * Built from the {@code @Remote} interfaces' method signatures (parameter, return and declared
 * exception types, with generic type arguments), followed transitively through the non-static,
 * non-transient field types and record components of allowed non-JDK classes and the permitted
 * subclasses of sealed types; plus a built-in set of safe JDK value types ({@link #JDK_SAFE})
 * and configured extra names ({@code switchboard.serialization.allow}). Names on the
 * {@link GadgetDenyList} are never allowed. Immutable and thread-safe once built; lookups are a
 * hash-set probe (hot path: no allocation except for array names).
 */
public final class ClassAllowList
{
    /** Safe JDK value types always allowed (runtime class names, including JDK-internal ones). */
    public static final Set<String> JDK_SAFE = Set.of(
        "java.lang.Object", "java.lang.String", "java.lang.Boolean", "java.lang.Byte",
        "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
        "java.lang.Float", "java.lang.Double", "java.lang.Void", "java.lang.Number",
        "java.lang.Enum", "java.lang.StringBuilder",
        "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID",
        "java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble",
        "java.util.Locale", "java.util.Currency", "java.util.Date", "java.util.BitSet", "java.net.URI",
        // collections and maps
        "java.util.Collection", "java.util.List", "java.util.Set", "java.util.SortedSet",
        "java.util.NavigableSet", "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap",
        "java.util.Queue", "java.util.Deque", "java.util.Map$Entry",
        "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashSet",
        "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.HashMap", "java.util.LinkedHashMap",
        "java.util.TreeMap", "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
        "java.util.JumboEnumSet", "java.util.IdentityHashMap", "java.util.Vector",
        "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
        "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
        "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
        "java.util.Arrays$ArrayList",
        "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
        "java.util.ImmutableCollections$SubList", "java.util.ImmutableCollections$Set12",
        "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
        "java.util.ImmutableCollections$MapN",
        "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
        "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
        "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
        "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
        "java.util.Collections$UnmodifiableNavigableMap",
        "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
        "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet",
        "java.util.Collections$SingletonMap",
        // java.time
        "java.time.Instant", "java.time.Duration", "java.time.Period", "java.time.LocalDate",
        "java.time.LocalTime", "java.time.LocalDateTime", "java.time.ZonedDateTime",
        "java.time.OffsetDateTime", "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth",
        "java.time.MonthDay", "java.time.ZoneId", "java.time.ZoneOffset", "java.time.ZoneRegion",
        "java.time.DayOfWeek", "java.time.Month", "java.time.temporal.ChronoUnit",
        "java.util.concurrent.TimeUnit",
        // argument arrays
        "[Ljava.lang.Object;", "[Ljava.lang.String;");

    /** Standard JDK exceptions rebuilt as their own type on the consumer. */
    public static final Set<String> JDK_EXCEPTIONS = Set.of(
        "java.lang.RuntimeException", "java.lang.Exception",
        "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
        "java.lang.UnsupportedOperationException", "java.lang.NullPointerException",
        "java.lang.ArithmeticException", "java.lang.IndexOutOfBoundsException",
        "java.lang.ArrayIndexOutOfBoundsException", "java.lang.StringIndexOutOfBoundsException",
        "java.lang.NumberFormatException", "java.lang.ClassCastException",
        "java.lang.SecurityException", "java.lang.CloneNotSupportedException",
        "java.lang.InterruptedException",
        "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
        "java.util.concurrent.TimeoutException", "java.util.concurrent.CancellationException",
        "java.util.concurrent.RejectedExecutionException",
        "java.time.DateTimeException", "java.time.format.DateTimeParseException",
        "java.io.IOException", "java.io.UncheckedIOException", "java.io.FileNotFoundException",
        "java.io.EOFException");

    private final ClassLoader classLoader;
    private final Set<String> names;
    private final Set<String> throwables;

    private ClassAllowList(final ClassLoader classLoader, final Set<String> names, final Set<String> throwables)
    {
        this.classLoader = classLoader;
        this.names = names;
        this.throwables = throwables;
    }

    /**
     * @param classLoader the loader allowed classes are resolved with (the interfaces' loader).
     * @return a builder.
     */
    public static Builder builder(final ClassLoader classLoader)
    {
        return new Builder(classLoader);
    }

    /**
     * @param className a binary name as in {@link Class#getName()} (arrays as {@code [Lx.Y;}).
     * @return whether a payload may carry an instance of it.
     */
    public boolean isAllowed(final String className)
    {
        if (names.contains(className))
        {
            return true;
        }
        if (className.startsWith("["))
        {
            final String element = elementName(className);
            return element.length() == 1 || (names.contains(element) && !GadgetDenyList.isDenied(element));
        }
        return false;
    }

    /**
     * @param className a Throwable class name.
     * @return whether a remote exception of that class may be rebuilt as its own type.
     */
    public boolean isThrowableAllowed(final String className)
    {
        return throwables.contains(className);
    }

    /**
     * Checks the name, then loads (without initialising) the class with {@link #classLoader()}.
     *
     * @param className the name read from a payload.
     * @return the class.
     * @throws PayloadRejectedException when the name is not allowed or cannot be loaded.
     */
    public Class<?> resolve(final String className)
    {
        if (GadgetDenyList.isDenied(className))
        {
            throw new PayloadRejectedException(className, "on the gadget deny list");
        }
        if (!isAllowed(className) && !isThrowableAllowed(className))
        {
            throw new PayloadRejectedException(className,
                "not reachable from the @Remote signatures; add it to switchboard.serialization.allow if it is safe");
        }
        return load(className);
    }

    Class<?> load(final String className)
    {
        try
        {
            return Class.forName(className, false, classLoader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new PayloadRejectedException(className, "not found by " + classLoader + ": " + ex);
        }
    }

    /**
     * @return the loader classes are resolved with.
     */
    public ClassLoader classLoader()
    {
        return classLoader;
    }

    /**
     * @return every allowed value class name (an unmodifiable view).
     */
    public Set<String> classNames()
    {
        return Collections.unmodifiableSet(names);
    }

    /**
     * @return every exception class name that is rebuilt as its own type (an unmodifiable view).
     */
    public Set<String> throwableNames()
    {
        return Collections.unmodifiableSet(throwables);
    }

    static String elementName(final String className)
    {
        if (!className.startsWith("["))
        {
            return className;
        }
        int i = 0;
        while (i < className.length() && className.charAt(i) == '[')
        {
            i++;
        }
        if (i < className.length() && className.charAt(i) == 'L' && className.endsWith(";"))
        {
            return className.substring(i + 1, className.length() - 1);
        }
        return className.substring(i);
    }

    static boolean isJdk(final String name)
    {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") ||
            name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    /**
     * Collects allowed classes; not thread-safe.
     */
    public static final class Builder
    {
        private final ClassLoader classLoader;
        private final Set<String> names = new HashSet<>(JDK_SAFE);
        private final Set<String> throwables = new HashSet<>(JDK_EXCEPTIONS);
        private final Set<Class<?>> visited = new HashSet<>();
        private final Deque<Type> pending = new ArrayDeque<>();
        // Generic types already walked: a recursive bound (<T extends Comparable<T>>) would loop forever.
        private final Set<Type> visitedGenericTypes = new HashSet<>();

        private Builder(final ClassLoader classLoader)
        {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
        }

        /**
         * Allows every type reachable from the public methods of a {@code @Remote} interface.
         *
         * @param remoteInterface the interface, as loaded by the application.
         * @return this.
         */
        public Builder addInterface(final Class<?> remoteInterface)
        {
            for (final Method method : remoteInterface.getMethods())
            {
                if (Modifier.isStatic(method.getModifiers()))
                {
                    continue;
                }
                for (final Type type : method.getGenericParameterTypes())
                {
                    pending.add(type);
                }
                pending.add(method.getGenericReturnType());
                for (final Class<?> exception : method.getExceptionTypes())
                {
                    addThrowable(exception);
                }
            }
            drain();
            return this;
        }

        /**
         * Allows a class and what its fields reach.
         *
         * @param type the class.
         * @return this.
         */
        public Builder addClass(final Class<?> type)
        {
            pending.add(type);
            drain();
            return this;
        }

        /**
         * Allows a class by name, loading it (without initialising) with the builder's loader so
         * its fields can be followed; an exception class becomes rebuildable. A name that does not
         * load is still allowed by name.
         *
         * @param className binary class name.
         * @return this.
         */
        public Builder addClassName(final String className)
        {
            final String name = className.trim();
            if (name.isEmpty() || GadgetDenyList.isDenied(name))
            {
                return this;
            }
            names.add(name);
            try
            {
                final Class<?> type = Class.forName(name, false, classLoader);
                if (Throwable.class.isAssignableFrom(type))
                {
                    addThrowable(type);
                }
                else
                {
                    addClass(type);
                }
            }
            catch (final ClassNotFoundException | LinkageError ignore)
            {
                // Allowed by name only: the class may live in a loader seen later.
            }
            return this;
        }

        /**
         * @param classNames names, e.g. from {@code switchboard.serialization.allow}.
         * @return this.
         */
        public Builder addClassNames(final Collection<String> classNames)
        {
            for (final String name : classNames)
            {
                addClassName(name);
            }
            return this;
        }

        private void addThrowable(final Class<?> exception)
        {
            if (GadgetDenyList.isDenied(exception.getName()))
            {
                return;
            }
            throwables.add(exception.getName());
            // Custom fields of user exceptions travel too.
            for (Class<?> c = exception; c != null && !isJdk(c.getName()); c = c.getSuperclass())
            {
                addFields(c);
            }
            drain();
        }

        /**
         * @return the immutable allow-list.
         */
        public ClassAllowList build()
        {
            return new ClassAllowList(classLoader, Set.copyOf(names), Set.copyOf(throwables));
        }

        private void drain()
        {
            Type type;
            while ((type = pending.poll()) != null)
            {
                visit(type);
            }
        }

        private void visit(final Type type)
        {
            if (type instanceof Class)
            {
                visitClass((Class<?>)type);
                return;
            }
            if (!visitedGenericTypes.add(type))
            {
                return;
            }
            if (type instanceof ParameterizedType)
            {
                final ParameterizedType parameterized = (ParameterizedType)type;
                pending.add(parameterized.getRawType());
                Collections.addAll(pending, parameterized.getActualTypeArguments());
            }
            else if (type instanceof GenericArrayType)
            {
                pending.add(((GenericArrayType)type).getGenericComponentType());
                pending.add(Object[].class);
            }
            else if (type instanceof WildcardType)
            {
                Collections.addAll(pending, ((WildcardType)type).getUpperBounds());
                Collections.addAll(pending, ((WildcardType)type).getLowerBounds());
            }
            else if (type instanceof TypeVariable)
            {
                Collections.addAll(pending, ((TypeVariable<?>)type).getBounds());
            }
        }

        private void visitClass(final Class<?> type)
        {
            if (type.isPrimitive() || !visited.add(type))
            {
                return;
            }
            if (type.isArray())
            {
                pending.add(type.getComponentType());
                if (!GadgetDenyList.isDenied(type.getName()))
                {
                    names.add(type.getName());
                }
                return;
            }
            final String name = type.getName();
            if (GadgetDenyList.isDenied(name) || isFutureLike(name))
            {
                return;
            }
            names.add(name);
            if (isJdk(name))
            {
                return; // JDK types are never walked: their internals are not a contract.
            }
            if (type.isRecord())
            {
                for (final RecordComponent component : type.getRecordComponents())
                {
                    pending.add(component.getGenericType());
                }
            }
            if (type.isSealed())
            {
                Collections.addAll(pending, type.getPermittedSubclasses());
            }
            for (Class<?> c = type; c != null && !isJdk(c.getName()); c = c.getSuperclass())
            {
                addFields(c);
            }
            if (type.isEnum())
            {
                // Constants with bodies are subclasses named Outer$1...
                for (final Object constant : enumConstantsWithoutInit(type))
                {
                    names.add(((Class<?>)constant).getName());
                }
            }
        }

        private void addFields(final Class<?> c)
        {
            if (c.isEnum())
            {
                return;
            }
            for (final Field field : c.getDeclaredFields())
            {
                final int mod = field.getModifiers();
                if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod))
                {
                    pending.add(field.getGenericType());
                }
            }
        }

        // Enum constant bodies are found through nest members, so the enum is not initialised here.
        private static Collection<Object> enumConstantsWithoutInit(final Class<?> enumType)
        {
            final Collection<Object> bodies = new HashSet<>();
            for (final Class<?> member : enumType.getNestMembers())
            {
                if (member != enumType && member.getSuperclass() == enumType)
                {
                    bodies.add(member);
                }
            }
            return bodies;
        }

        private static boolean isFutureLike(final String name)
        {
            return name.equals("java.util.concurrent.CompletableFuture") ||
                name.equals("java.util.concurrent.CompletionStage") ||
                name.equals("java.util.concurrent.Future");
        }
    }
}
