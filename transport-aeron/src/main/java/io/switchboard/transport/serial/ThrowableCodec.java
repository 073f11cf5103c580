package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.switchboard.api.RemoteFailureException;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes a {@link Throwable} as class name, message, stack frames, custom fields of user
 * exception classes, a cause chain of bounded depth and a few suppressed exceptions; and rebuilds
 * it on the other side. Only public API of {@code java.lang.Throwable} is used (no reflection into
 * {@code java.base}); reflection touches fields of user (non-JDK) classes only.
 * <p>
 * Rebuilding: constructor {@code (String, Throwable)}, else {@code (String)} then
 * {@code initCause}, else {@code ()}, else (user classes) any constructor with the message, the
 * cause and zeros for the rest, custom fields set afterwards. When the rebuilt exception's {@code getMessage()} differs
 * from the remote message (no message constructor), the remote message is kept as a suppressed
 * {@link RemoteFailureException} so it is not lost. The stack trace becomes the remote frames, a
 * marker frame {@code <remote: origin>.<provider>}, then the decoding thread's frames (the
 * caller's, since the caller decodes its own reply).
 */
final class ThrowableCodec
{
    /** Causes followed at most. */
    static final int MAX_CAUSE_DEPTH = 8;
    /** Suppressed exceptions kept per exception. */
    static final int MAX_SUPPRESSED = 4;
    /** Stack frames kept per exception. */
    static final int MAX_FRAMES = 512;
    /** Declaring class of the marker frame separating remote from local frames. */
    static final String REMOTE_MARKER_PREFIX = "<remote: ";

    private final ClassAllowList allowList;

    ThrowableCodec(final ClassAllowList allowList)
    {
        this.allowList = allowList;
    }

    void write(final Kryo kryo, final Output output, final Throwable throwable)
    {
        write(kryo, output, throwable, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private void write(
        final Kryo kryo, final Output output, final Throwable t, final int depth, final java.util.Set<Throwable> seen)
    {
        seen.add(t);
        output.writeString(t.getClass().getName());
        output.writeString(safeMessage(t));
        final StackTraceElement[] frames = t.getStackTrace();
        final int frameCount = Math.min(frames.length, MAX_FRAMES);
        output.writeVarInt(frameCount, true);
        for (int i = 0; i < frameCount; i++)
        {
            final StackTraceElement frame = frames[i];
            output.writeString(frame.getClassLoaderName());
            output.writeString(frame.getModuleName());
            output.writeString(frame.getModuleVersion());
            output.writeString(frame.getClassName());
            output.writeString(frame.getMethodName());
            output.writeString(frame.getFileName());
            output.writeVarInt(frame.getLineNumber(), false);
        }
        writeFields(kryo, output, t);

        final Throwable cause = t.getCause();
        final boolean writeCause = cause != null && depth + 1 < MAX_CAUSE_DEPTH && !seen.contains(cause);
        output.writeBoolean(writeCause);
        if (writeCause)
        {
            write(kryo, output, cause, depth + 1, seen);
        }
        final Throwable[] suppressed = t.getSuppressed();
        int count = 0;
        for (final Throwable s : suppressed)
        {
            if (count < MAX_SUPPRESSED && depth + 1 < MAX_CAUSE_DEPTH && !seen.contains(s))
            {
                count++;
            }
        }
        output.writeVarInt(count, true);
        for (int i = 0, written = 0; written < count; i++)
        {
            if (!seen.contains(suppressed[i]))
            {
                write(kryo, output, suppressed[i], depth + 1, seen);
                written++;
            }
        }
    }

    // Each field: name, then a 4-byte length and the value, so a reader can skip a refused value.
    private void writeFields(final Kryo kryo, final Output output, final Throwable t)
    {
        final List<Field> fields = customFields(t.getClass());
        final int countAt = output.position();
        output.writeInt(0);
        int count = 0;
        for (final Field field : fields)
        {
            final Object value;
            try
            {
                field.setAccessible(true);
                value = field.get(t);
            }
            catch (final RuntimeException | IllegalAccessException ex)
            {
                continue; // a user class in a module that does not open it: the field stays behind
            }
            final int start = output.position();
            try
            {
                output.writeString(field.getDeclaringClass().getName() + "#" + field.getName());
                final int lengthAt = output.position();
                output.writeInt(0);
                kryo.writeClassAndObject(output, value);
                final int end = output.position();
                output.setPosition(lengthAt);
                output.writeInt(end - lengthAt - 4);
                output.setPosition(end);
                count++;
            }
            catch (final RuntimeException ex)
            {
                output.setPosition(start); // value not allowed or not serializable: leave it out
            }
        }
        final int end = output.position();
        output.setPosition(countAt);
        output.writeInt(count);
        output.setPosition(end);
    }

    RemoteThrowable read(final Kryo kryo, final BoundedInput input)
    {
        return read(kryo, input, 0);
    }

    private RemoteThrowable read(final Kryo kryo, final BoundedInput input, final int depth)
    {
        if (depth >= MAX_CAUSE_DEPTH)
        {
            throw new PayloadException("exception payload nests causes deeper than " + MAX_CAUSE_DEPTH);
        }
        final String className = input.readString();
        if (className == null)
        {
            throw new PayloadException("exception payload without a class name");
        }
        final String message = input.readString();
        final int frameCount = input.readVarInt(true);
        input.checkCount(frameCount, 7);
        final StackTraceElement[] frames = new StackTraceElement[frameCount];
        for (int i = 0; i < frameCount; i++)
        {
            final String loaderName = input.readString();
            final String moduleName = input.readString();
            final String moduleVersion = input.readString();
            final String declaringClass = input.readString();
            final String method = input.readString();
            final String file = input.readString();
            final int line = input.readVarInt(false);
            frames[i] = new StackTraceElement(loaderName, moduleName, moduleVersion,
                Objects.requireNonNullElse(declaringClass, "?"), Objects.requireNonNullElse(method, "?"), file, line);
        }
        final int fieldCount = input.readInt();
        input.checkCount(fieldCount, 6);
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldCount; i++)
        {
            final String key = input.readString();
            final int length = input.readInt();
            input.checkCount(length, 1);
            final int end = input.position() + length;
            try
            {
                fields.put(key, kryo.readClassAndObject(input));
            }
            catch (final PayloadRejectedException ex)
            {
                // The consumer does not allow this field's type: drop the field, keep the exception.
            }
            input.setPosition(end);
        }
        final RemoteThrowable cause = input.readBoolean() ? read(kryo, input, depth + 1) : null;
        final int suppressedCount = input.readVarInt(true);
        input.checkCount(suppressedCount, 8);
        final List<RemoteThrowable> suppressed = new ArrayList<>(suppressedCount);
        for (int i = 0; i < suppressedCount; i++)
        {
            suppressed.add(read(kryo, input, depth + 1));
        }
        return new RemoteThrowable(className, message, frames, fields, cause, List.copyOf(suppressed));
    }

    /**
     * @return the exception as its own type, or {@code null} when its class is not allowed, not
     * found, or has no usable constructor.
     */
    Throwable rebuild(final RemoteThrowable remote, final String origin, final boolean appendLocalStack)
    {
        final Throwable cause = remote.cause() == null ? null : rebuildOrWrap(remote.cause(), origin);
        final Throwable rebuilt = instantiate(remote, cause);
        if (rebuilt == null)
        {
            return null;
        }
        setFields(rebuilt, remote.fields());
        if (remote.message() != null && !remote.message().equals(safeMessage(rebuilt)))
        {
            rebuilt.addSuppressed(new RemoteFailureException(remote.className(), "remote message: " + remote.message()));
        }
        for (final RemoteThrowable s : remote.suppressed())
        {
            rebuilt.addSuppressed(rebuildOrWrap(s, origin));
        }
        rebuilt.setStackTrace(stackTrace(remote, origin, appendLocalStack));
        return rebuilt;
    }

    /**
     * @return the rebuilt exception, or a {@link RemoteFailureException} carrying its description,
     * stack and cause.
     */
    Throwable rebuildOrWrap(final RemoteThrowable remote, final String origin)
    {
        final Throwable rebuilt = rebuild(remote, origin, false);
        return rebuilt != null ? rebuilt : wrap(remote, origin, false);
    }

    RemoteFailureException wrap(final RemoteThrowable remote, final String origin, final boolean appendLocalStack)
    {
        final RemoteFailureException wrapped = new RemoteFailureException(
            remote.className(), "provider " + origin + " failed with " + remote.describe());
        if (remote.cause() != null)
        {
            wrapped.initCause(rebuildOrWrap(remote.cause(), origin));
        }
        for (final RemoteThrowable s : remote.suppressed())
        {
            wrapped.addSuppressed(rebuildOrWrap(s, origin));
        }
        wrapped.setStackTrace(stackTrace(remote, origin, appendLocalStack));
        return wrapped;
    }

    private Throwable instantiate(final RemoteThrowable remote, final Throwable cause)
    {
        final String name = remote.className();
        if (GadgetDenyList.isDenied(name) || !allowList.isThrowableAllowed(name))
        {
            return null;
        }
        final Class<?> type;
        try
        {
            type = allowList.load(name);
        }
        catch (final PayloadRejectedException ex)
        {
            return null;
        }
        if (!Throwable.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers()))
        {
            return null;
        }
        final boolean user = !ClassAllowList.isJdk(name);
        try
        {
            final Constructor<?> withCause = causeConstructor(type, user, cause);
            if (withCause != null)
            {
                return (Throwable)withCause.newInstance(remote.message(), cause);
            }
            final Throwable rebuilt;
            final Constructor<?> withMessage = constructor(type, user, String.class);
            if (withMessage != null)
            {
                rebuilt = (Throwable)withMessage.newInstance(remote.message());
            }
            else
            {
                final Constructor<?> noArgs = constructor(type, user);
                rebuilt = noArgs != null ? (Throwable)noArgs.newInstance() :
                    user ? anyConstructor(type, remote.message(), cause) : null;
                if (rebuilt == null)
                {
                    return null;
                }
            }
            if (cause != null)
            {
                try
                {
                    rebuilt.initCause(cause);
                }
                catch (final IllegalStateException | IllegalArgumentException ignore)
                {
                    // The constructor already fixed the cause (often to null): keep what it chose.
                }
            }
            return rebuilt;
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            return null;
        }
    }

    // (String, Throwable), or (String, X) where the cause is an X, like UncheckedIOException(String, IOException).
    /**
     * User exceptions often take their own arguments ({@code OutOfStockException(String, int)}): try
     * each constructor, fewest parameters first, with the message for the first {@code String}, the
     * cause for a {@code Throwable}, and zero or null for the rest; custom fields are set afterwards.
     */
    private static Throwable anyConstructor(final Class<?> type, final String message, final Throwable cause)
    {
        final Constructor<?>[] candidates = type.getDeclaredConstructors();
        java.util.Arrays.sort(candidates, java.util.Comparator.comparingInt(Constructor::getParameterCount));
        for (final Constructor<?> candidate : candidates)
        {
            final Class<?>[] parameters = candidate.getParameterTypes();
            final Object[] args = new Object[parameters.length];
            boolean messageGiven = false;
            for (int i = 0; i < parameters.length; i++)
            {
                final Class<?> parameter = parameters[i];
                if (parameter == String.class && !messageGiven)
                {
                    args[i] = message;
                    messageGiven = true;
                }
                else if (Throwable.class.isAssignableFrom(parameter) && parameter.isInstance(cause))
                {
                    args[i] = cause;
                }
                else if (parameter.isPrimitive())
                {
                    args[i] = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(parameter, 1), 0);
                }
            }
            try
            {
                candidate.setAccessible(true);
                return (Throwable)candidate.newInstance(args);
            }
            catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
            {
                // This constructor rejects made-up arguments; try the next one.
            }
        }
        return null;
    }

    private static Constructor<?> causeConstructor(final Class<?> type, final boolean user, final Throwable cause)
    {
        final Constructor<?> general = constructor(type, user, String.class, Throwable.class);
        if (general != null || cause == null)
        {
            return general;
        }
        for (final Constructor<?> candidate : user ? type.getDeclaredConstructors() : type.getConstructors())
        {
            final Class<?>[] parameters = candidate.getParameterTypes();
            if (parameters.length == 2 && parameters[0] == String.class && parameters[1].isInstance(cause))
            {
                return constructor(type, user, parameters);
            }
        }
        return null;
    }

    private static Constructor<?> constructor(final Class<?> type, final boolean user, final Class<?>... parameters)
    {
        try
        {
            if (user)
            {
                final Constructor<?> constructor = type.getDeclaredConstructor(parameters);
                constructor.setAccessible(true);
                return constructor;
            }
            return type.getConstructor(parameters);
        }
        catch (final NoSuchMethodException | RuntimeException ex)
        {
            return null;
        }
    }

    private void setFields(final Throwable rebuilt, final Map<String, Object> values)
    {
        if (values.isEmpty())
        {
            return;
        }
        for (final Field field : customFields(rebuilt.getClass()))
        {
            final String key = field.getDeclaringClass().getName() + "#" + field.getName();
            if (!values.containsKey(key))
            {
                continue;
            }
            final Object value = values.get(key);
            try
            {
                field.setAccessible(true);
                field.set(rebuilt, value);
            }
            catch (final RuntimeException | IllegalAccessException ex)
            {
                // Type changed between versions or field not writable: keep the constructor's value.
            }
        }
    }

    private static List<Field> customFields(final Class<?> type)
    {
        final List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && !ClassAllowList.isJdk(c.getName()); c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                final int mod = field.getModifiers();
                if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod) && !field.isSynthetic())
                {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static StackTraceElement[] stackTrace(
        final RemoteThrowable remote, final String origin, final boolean appendLocalStack)
    {
        final StackTraceElement[] remoteFrames = remote.stackTrace();
        final StackTraceElement marker = new StackTraceElement(
            REMOTE_MARKER_PREFIX + origin + ">", "call", null, -1);
        final StackTraceElement[] local = appendLocalStack ? localFrames() : new StackTraceElement[0];
        final StackTraceElement[] all = new StackTraceElement[remoteFrames.length + 1 + local.length];
        System.arraycopy(remoteFrames, 0, all, 0, remoteFrames.length);
        all[remoteFrames.length] = marker;
        System.arraycopy(local, 0, all, remoteFrames.length + 1, local.length);
        return all;
    }

    // The caller's frames, without the decoder's own.
    private static StackTraceElement[] localFrames()
    {
        final StackTraceElement[] frames = new Throwable().getStackTrace();
        int skip = 0;
        while (skip < frames.length && (frames[skip].getClassName().equals(ThrowableCodec.class.getName()) ||
            frames[skip].getClassName().equals(PayloadSerializer.class.getName())))
        {
            skip++;
        }
        final StackTraceElement[] local = new StackTraceElement[frames.length - skip];
        System.arraycopy(frames, skip, local, 0, local.length);
        return local;
    }

    private static String safeMessage(final Throwable t)
    {
        try
        {
            return t.getMessage();
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }
}
