package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.util.Optional;

/**
 * Writes call arguments, results and exceptions into Agrona buffers and reads them back, with
 * Kryo, refusing any class not on the {@link ClassAllowList} before it is loaded.
 * <p>
 * Thread-safe: each call borrows a pooled session (a Kryo instance with its reusable input and
 * output arrays) and returns it. Hot path: no allocation beyond the decoded objects themselves,
 * no locks beyond the pool's lock-free queue. Classes travel by name, never by registration
 * number, so consumer and provider need not register the same classes in the same order.
 * <p>
 * Payload layout: one kind byte ({@link #ARGUMENTS}, {@link #RESULT}, {@link #THROWABLE}), then
 * Kryo data; a payload must be consumed exactly. Failures are {@link PayloadException} (garbage,
 * truncation, forged lengths, too deep, too large) or {@link PayloadRejectedException} (a class
 * not allowed); never an {@code Error} and never an allocation larger than the payload justifies.
 */
public final class PayloadSerializer
{
    /** Kind byte of an argument array payload. */
    public static final byte ARGUMENTS = 0x11;
    /** Kind byte of a single result payload. */
    public static final byte RESULT = 0x12;
    /** Kind byte of an exception payload. */
    public static final byte THROWABLE = 0x13;
    /** Default largest payload written or read, in bytes. */
    public static final int DEFAULT_MAX_PAYLOAD_LENGTH = 16 * 1024 * 1024;
    /** Default deepest object nesting accepted. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    private static final Object[] NO_ARGUMENTS = new Object[0];
    private static final int INITIAL_BUFFER = 4096;
    // Sessions keep at most this much buffer between calls; a rare huge payload does not pin memory.
    private static final int RETAINED_BUFFER = 1024 * 1024;

    private final ClassAllowList allowList;
    private final ThrowableCodec throwableCodec;
    private final int maxPayloadLength;
    private final int maxDepth;
    // Lock-free and allocation-free (Kryo's thread-safe Pool takes a lock and allocates a queue node per free).
    private final ManyToManyConcurrentArrayQueue<Session> sessions;

    /**
     * @param allowList the classes payloads may name.
     */
    public PayloadSerializer(final ClassAllowList allowList)
    {
        this(allowList, DEFAULT_MAX_PAYLOAD_LENGTH, DEFAULT_MAX_DEPTH);
    }

    /**
     * @param allowList        the classes payloads may name.
     * @param maxPayloadLength largest payload written or read, in bytes.
     * @param maxDepth         deepest object nesting accepted (also stops cycles on write).
     */
    public PayloadSerializer(final ClassAllowList allowList, final int maxPayloadLength, final int maxDepth)
    {
        if (maxPayloadLength < 16 || maxDepth < 4)
        {
            throw new IllegalArgumentException("maxPayloadLength must be >= 16 and maxDepth >= 4, got " +
                maxPayloadLength + " and " + maxDepth);
        }
        this.allowList = allowList;
        this.throwableCodec = new ThrowableCodec(allowList);
        this.maxPayloadLength = maxPayloadLength;
        this.maxDepth = maxDepth;
        this.sessions = new ManyToManyConcurrentArrayQueue<>(4 * Runtime.getRuntime().availableProcessors() + 16);
    }

    /**
     * @return the allow-list this serializer checks against.
     */
    public ClassAllowList allowList()
    {
        return allowList;
    }

    /**
     * Writes an argument array (null or empty for no arguments).
     *
     * @param buffer destination; grows if expandable.
     * @param offset where the payload starts.
     * @param args   the arguments; elements may be null.
     * @return the payload length in bytes.
     * @throws PayloadRejectedException when an argument's class (or a class inside it) is not allowed.
     * @throws PayloadException         when it does not fit or cannot be serialized.
     */
    public int writeArguments(final MutableDirectBuffer buffer, final int offset, final Object[] args)
    {
        final Session session = obtain();
        try
        {
            final Output output = session.begin(ARGUMENTS);
            final int count = args == null ? 0 : args.length;
            output.writeVarInt(count, true);
            for (int i = 0; i < count; i++)
            {
                session.kryo.writeClassAndObject(output, args[i]);
            }
            return session.copyTo(buffer, offset);
        }
        catch (final KryoException | IllegalArgumentException | UnsupportedOperationException | ClassCastException ex)
        {
            throw writeFailure("arguments", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * @param buffer source.
     * @param offset where the payload starts.
     * @param length payload length.
     * @return the arguments (an empty array for none).
     * @throws PayloadRejectedException when the payload names a class not allowed.
     * @throws PayloadException         when it is truncated, malformed or not an argument payload.
     */
    public Object[] readArguments(final DirectBuffer buffer, final int offset, final int length)
    {
        final Session session = obtain();
        try
        {
            final BoundedInput input = session.load(buffer, offset, length, ARGUMENTS, maxPayloadLength);
            final int count = input.readVarInt(true);
            input.checkCount(count, 1);
            final Object[] args = count == 0 ? NO_ARGUMENTS : new Object[count];
            for (int i = 0; i < count; i++)
            {
                args[i] = session.kryo.readClassAndObject(input);
            }
            session.end(input, "arguments");
            return args;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw readFailure("arguments", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * Writes a single result value (may be null).
     *
     * @param buffer destination; grows if expandable.
     * @param offset where the payload starts.
     * @param result the value.
     * @return the payload length in bytes.
     * @throws PayloadRejectedException when the value's class (or a class inside it) is not allowed.
     * @throws PayloadException         when it does not fit or cannot be serialized.
     */
    public int writeResult(final MutableDirectBuffer buffer, final int offset, final Object result)
    {
        final Session session = obtain();
        try
        {
            session.kryo.writeClassAndObject(session.begin(RESULT), result);
            return session.copyTo(buffer, offset);
        }
        catch (final KryoException | IllegalArgumentException | UnsupportedOperationException | ClassCastException ex)
        {
            throw writeFailure("result", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * @param buffer source.
     * @param offset where the payload starts.
     * @param length payload length.
     * @return the result value, possibly null.
     * @throws PayloadRejectedException when the payload names a class not allowed.
     * @throws PayloadException         when it is truncated, malformed or not a result payload.
     */
    public Object readResult(final DirectBuffer buffer, final int offset, final int length)
    {
        final Session session = obtain();
        try
        {
            final BoundedInput input = session.load(buffer, offset, length, RESULT, maxPayloadLength);
            final Object result = session.kryo.readClassAndObject(input);
            session.end(input, "result");
            return result;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw readFailure("result", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * Writes an exception thrown by the provider: class name, message, stack, custom fields of user
     * exception classes (values whose class is not allowed are left out), causes up to
     * {@value ThrowableCodec#MAX_CAUSE_DEPTH} deep and up to {@value ThrowableCodec#MAX_SUPPRESSED}
     * suppressed exceptions each.
     *
     * @param buffer    destination; grows if expandable.
     * @param offset    where the payload starts.
     * @param throwable the exception.
     * @return the payload length in bytes.
     * @throws PayloadException when it does not fit.
     */
    public int writeThrowable(final MutableDirectBuffer buffer, final int offset, final Throwable throwable)
    {
        final Session session = obtain();
        try
        {
            throwableCodec.write(session.kryo, session.begin(THROWABLE), throwable);
            return session.copyTo(buffer, offset);
        }
        catch (final KryoException ex)
        {
            throw writeFailure("exception", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * Reads an exception payload without rebuilding it; see {@link #rebuild} and {@link #rebuildOrWrap}.
     *
     * @param buffer source.
     * @param offset where the payload starts.
     * @param length payload length.
     * @return what the provider threw.
     * @throws PayloadException when it is truncated, malformed or not an exception payload.
     */
    public RemoteThrowable readThrowable(final DirectBuffer buffer, final int offset, final int length)
    {
        final Session session = obtain();
        try
        {
            final BoundedInput input = session.load(buffer, offset, length, THROWABLE, maxPayloadLength);
            final RemoteThrowable remote = throwableCodec.read(session.kryo, input);
            session.end(input, "exception");
            return remote;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw readFailure("exception", ex);
        }
        finally
        {
            session.release(sessions);
        }
    }

    /**
     * Rebuilds a remote exception as its own type when the allow-list allows that (a checked
     * exception declared by a {@code @Remote} method, a standard JDK exception from
     * {@link ClassAllowList#JDK_EXCEPTIONS}, or a configured extra). Its stack trace is the remote
     * frames, a marker frame {@code <remote: origin>.call}, then the calling thread's frames.
     * Causes that cannot be rebuilt become {@link io.switchboard.api.RemoteFailureException}s.
     *
     * @param remote what {@link #readThrowable} returned.
     * @param origin names the provider in the marker frame (e.g. {@code inventory@10.0.0.7:40123}).
     * @return the rebuilt exception, or empty when it cannot be rebuilt (caller wraps it).
     */
    public Optional<Throwable> rebuild(final RemoteThrowable remote, final String origin)
    {
        return Optional.ofNullable(throwableCodec.rebuild(remote, origin, true));
    }

    /**
     * @param remote what {@link #readThrowable} returned.
     * @param origin names the provider in the marker frame.
     * @return {@link #rebuild} or else a {@link io.switchboard.api.RemoteFailureException} with the
     * remote class name, message, stack (plus marker and local frames) and cause chain.
     */
    public Throwable rebuildOrWrap(final RemoteThrowable remote, final String origin)
    {
        final Throwable rebuilt = throwableCodec.rebuild(remote, origin, true);
        return rebuilt != null ? rebuilt : throwableCodec.wrap(remote, origin, true);
    }

    private static PayloadException writeFailure(final String what, final RuntimeException ex)
    {
        final PayloadException own = find(ex);
        if (own != null)
        {
            return own;
        }
        return new PayloadException("cannot serialize " + what + ": " + ex.getMessage(), ex);
    }

    private static PayloadException readFailure(final String what, final Throwable ex)
    {
        final PayloadException own = find(ex);
        if (own != null)
        {
            return own;
        }
        if (ex instanceof StackOverflowError)
        {
            return new PayloadException("malformed " + what + " payload: nested too deeply");
        }
        return new PayloadException("malformed " + what + " payload: " + ex, ex);
    }

    // Kryo wraps exceptions from serializers (and from the class resolver) in KryoException.
    private static PayloadException find(final Throwable ex)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            if (t instanceof PayloadException)
            {
                return (PayloadException)t;
            }
            if (t.getCause() == t)
            {
                break;
            }
        }
        return null;
    }

    private final class Session
    {
        final Kryo kryo = new Kryo(new AllowListClassResolver(allowList), null);
        Output output = new Output(INITIAL_BUFFER, maxPayloadLength);
        final BoundedInput input = new BoundedInput(INITIAL_BUFFER);

        Session()
        {
            kryo.setRegistrationRequired(false);
            kryo.setReferences(false);
            kryo.setClassLoader(allowList.classLoader());
            kryo.setMaxDepth(maxDepth);
            kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            BoundedSerializers.register(kryo);
        }

        Output begin(final byte kind)
        {
            output.reset();
            output.writeByte(kind);
            return output;
        }

        int copyTo(final MutableDirectBuffer buffer, final int offset)
        {
            final int length = output.position();
            if (!buffer.isExpandable() && (long)offset + length > buffer.capacity())
            {
                throw new PayloadException("payload of " + length + " bytes does not fit the buffer at offset " +
                    offset + " (capacity " + buffer.capacity() + ")");
            }
            buffer.putBytes(offset, output.getBuffer(), 0, length);
            return length;
        }

        BoundedInput load(
            final DirectBuffer buffer, final int offset, final int length, final byte kind, final int maxLength)
        {
            if (length < 1 || length > maxLength || offset < 0 || (long)offset + length > buffer.capacity())
            {
                throw new PayloadException("payload length " + length + " at offset " + offset +
                    " is outside 1.." + maxLength + " or the buffer's capacity " + buffer.capacity());
            }
            byte[] bytes = input.getBuffer();
            if (bytes.length < length)
            {
                bytes = new byte[Math.max(length, Math.min(maxLength, bytes.length * 2))];
            }
            buffer.getBytes(offset, bytes, 0, length);
            input.setBuffer(bytes, 0, length);
            final byte found = input.readByte();
            if (found != kind)
            {
                throw new PayloadException(String.format(
                    "not a %s payload: kind byte 0x%02x, expected 0x%02x", name(kind), found, kind));
            }
            return input;
        }

        void end(final BoundedInput input, final String what)
        {
            if (input.remaining() != 0)
            {
                throw new PayloadException("malformed " + what + " payload: " + input.remaining() +
                    " bytes left over after the value");
            }
        }

        void release(final ManyToManyConcurrentArrayQueue<Session> pool)
        {
            if (output.getBuffer().length > RETAINED_BUFFER)
            {
                output = new Output(INITIAL_BUFFER, maxPayloadLength);
            }
            if (input.getBuffer() != null && input.getBuffer().length > RETAINED_BUFFER)
            {
                input.setBuffer(new byte[INITIAL_BUFFER]);
            }
            pool.offer(this); // dropped when the pool is full
        }
    }

    private Session obtain()
    {
        final Session session = sessions.poll();
        return null != session ? session : new Session();
    }

    private static String name(final byte kind)
    {
        switch (kind)
        {
            case ARGUMENTS:
                return "arguments";
            case RESULT:
                return "result";
            default:
                return "exception";
        }
    }
}
