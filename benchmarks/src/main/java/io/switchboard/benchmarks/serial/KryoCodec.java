package io.switchboard.benchmarks.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.Pool;

import java.util.Set;

/**
 * Kryo in safe mode for the comparison: unregistered classes travel by name, and the resolver
 * checks the name against an allow-list before {@code Class.forName}; a pool of Kryo instances
 * with reusable buffers makes it thread-safe, as production would.
 */
public final class KryoCodec
{
    private final Set<String> allowed;
    private final Pool<Slot> pool;

    /**
     * @param allowed class names that may be read.
     */
    public KryoCodec(final Set<String> allowed)
    {
        this.allowed = allowed;
        this.pool = new Pool<>(true, false, 64)
        {
            protected Slot create()
            {
                return new Slot();
            }
        };
    }

    /**
     * Serializes then deserializes, returning the copy.
     *
     * @param value the object.
     * @return the copy read back.
     */
    public Object roundTrip(final Object value)
    {
        final Slot slot = pool.obtain();
        try
        {
            slot.output.reset();
            slot.kryo.writeClassAndObject(slot.output, value);
            slot.input.setBuffer(slot.output.getBuffer(), 0, slot.output.position());
            return slot.kryo.readClassAndObject(slot.input);
        }
        finally
        {
            pool.free(slot);
        }
    }

    /**
     * @param value the object.
     * @return serialized size in bytes.
     */
    public int size(final Object value)
    {
        final Slot slot = pool.obtain();
        try
        {
            slot.output.reset();
            slot.kryo.writeClassAndObject(slot.output, value);
            return slot.output.position();
        }
        finally
        {
            pool.free(slot);
        }
    }

    private final class Slot
    {
        final Kryo kryo = new Kryo(new NameCheckingResolver(), null);
        final Output output = new Output(4096, 16 * 1024 * 1024);
        final Input input = new Input();

        Slot()
        {
            kryo.setRegistrationRequired(false);
            kryo.setReferences(false);
            ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        }
    }

    private final class NameCheckingResolver extends DefaultClassResolver
    {
        private final java.util.HashMap<String, Class<?>> resolved = new java.util.HashMap<>();

        protected Class<?> getTypeByName(final String className)
        {
            final Class<?> cached = resolved.get(className);
            if (cached != null)
            {
                return cached;
            }
            if (!allowed.contains(className))
            {
                throw new KryoException("class not allowed: " + className);
            }
            try
            {
                final Class<?> type = Class.forName(className, false, KryoCodec.class.getClassLoader());
                resolved.put(className, type);
                return type;
            }
            catch (final ClassNotFoundException ex)
            {
                throw new KryoException(ex);
            }
        }
    }
}
