package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;

/**
 * Kryo serializers that check a declared element count against the bytes left before allocating,
 * and serializers for the JDK's immutable and unmodifiable collections that copy through public
 * API instead of reflecting into {@code java.util} internals (JDK 17 forbids that without
 * {@code --add-opens}).
 */
final class BoundedSerializers
{
    private BoundedSerializers()
    {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void register(final Kryo kryo)
    {
        kryo.addDefaultSerializer(Collection.class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedCollectionSerializer();
            }
        });
        kryo.addDefaultSerializer(Map.class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedMapSerializer();
            }
        });
        kryo.addDefaultSerializer(Object[].class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedObjectArraySerializer(kryo, type);
            }
        });
        // Kryo's own serializers for these are shadowed by the two bounded defaults above: re-add them.
        kryo.addDefaultSerializer(EnumSet.class, new DefaultSerializers.EnumSetSerializer());
        kryo.addDefaultSerializer(TreeSet.class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedTreeSetSerializer();
            }
        });
        kryo.addDefaultSerializer(TreeMap.class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedTreeMapSerializer();
            }
        });
        kryo.addDefaultSerializer(ConcurrentSkipListMap.class, new BaseSerializerFactory<>()
        {
            public Serializer newSerializer(final Kryo kryo, final Class type)
            {
                return new BoundedSkipListMapSerializer();
            }
        });
        // Not defaults in Kryo 5.6; field serialization would need --add-opens java.base/java.util.
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());

        final CopyingCollectionSerializer list = new CopyingCollectionSerializer((items, c) -> List.copyOf(items));
        final CopyingCollectionSerializer set = new CopyingCollectionSerializer(
            (items, c) -> Collections.unmodifiableSet(new LinkedHashSet<>(items)));
        final CopyingCollectionSerializer immutableSet = new CopyingCollectionSerializer(
            (items, c) -> Set12OrN.copy(items));
        final List<Object> three = Arrays.asList(1, 2, 3);
        for (final Object sample : new Object[]{List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 2)})
        {
            kryo.addDefaultSerializer(sample.getClass(), list);
        }
        for (final Object sample : new Object[]{Set.of(), Set.of(1), Set.of(1, 2, 3)})
        {
            kryo.addDefaultSerializer(sample.getClass(), immutableSet);
        }
        kryo.addDefaultSerializer(Arrays.asList(1).getClass(),
            new CopyingCollectionSerializer((items, c) -> Arrays.asList(items.toArray())));
        kryo.addDefaultSerializer(Collections.unmodifiableCollection(three).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.unmodifiableCollection(items)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new ArrayList<>()).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.unmodifiableList(items)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new LinkedList<>()).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.unmodifiableList(new LinkedList<>(items))));
        kryo.addDefaultSerializer(Collections.unmodifiableSet(new LinkedHashSet<>()).getClass(), set);
        kryo.addDefaultSerializer(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.unmodifiableSortedSet(treeSet(items, c))));
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.unmodifiableNavigableSet(treeSet(items, c))));

        kryo.addDefaultSerializer(Collections.emptyList().getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.emptyList()));
        kryo.addDefaultSerializer(Collections.emptySet().getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.emptySet()));
        kryo.addDefaultSerializer(Collections.singletonList(1).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.singletonList(items.get(0))));
        kryo.addDefaultSerializer(Collections.singleton(1).getClass(),
            new CopyingCollectionSerializer((items, c) -> Collections.singleton(items.get(0))));
        kryo.addDefaultSerializer(Collections.emptyMap().getClass(),
            new CopyingMapSerializer((m, c) -> Collections.emptyMap()));
        kryo.addDefaultSerializer(Collections.singletonMap(1, 1).getClass(), new CopyingMapSerializer((m, c) ->
        {
            final Map.Entry<Object, Object> entry = m.entrySet().iterator().next();
            return Collections.singletonMap(entry.getKey(), entry.getValue());
        }));
        kryo.addDefaultSerializer(Map.of().getClass(), new CopyingMapSerializer((m, c) -> Map.copyOf(m)));
        kryo.addDefaultSerializer(Map.of(1, 1).getClass(), new CopyingMapSerializer((m, c) -> Map.copyOf(m)));
        kryo.addDefaultSerializer(Map.of(1, 1, 2, 2).getClass(), new CopyingMapSerializer((m, c) -> Map.copyOf(m)));
        kryo.addDefaultSerializer(Collections.unmodifiableMap(new LinkedHashMap<>()).getClass(),
            new CopyingMapSerializer((m, c) -> Collections.unmodifiableMap(m)));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
            new CopyingMapSerializer((m, c) -> Collections.unmodifiableSortedMap(treeMap(m, c))));
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
            new CopyingMapSerializer((m, c) -> Collections.unmodifiableNavigableMap(treeMap(m, c))));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TreeSet<Object> treeSet(final List<Object> items, final Comparator comparator)
    {
        final TreeSet<Object> set = new TreeSet<>(comparator);
        set.addAll(items);
        return set;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TreeMap<Object, Object> treeMap(final Map<Object, Object> entries, final Comparator comparator)
    {
        final TreeMap<Object, Object> map = new TreeMap<>(comparator);
        map.putAll(entries);
        return map;
    }

    static void checkCount(final Input input, final long count, final int minBytesEach)
    {
        if (input instanceof BoundedInput)
        {
            ((BoundedInput)input).checkCount(count, minBytesEach);
        }
    }

    /** {@link CollectionSerializer} with a bounded size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedCollectionSerializer extends CollectionSerializer
    {
        @Override
        protected Collection create(final Kryo kryo, final Input input, final Class type, final int size)
        {
            checkCount(input, size, 1);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@link MapSerializer} with a bounded size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedMapSerializer extends MapSerializer
    {
        @Override
        protected Map create(final Kryo kryo, final Input input, final Class type, final int size)
        {
            checkCount(input, size, 2);
            return super.create(kryo, input, type, size);
        }
    }

    /** Kryo's TreeSet serializer (keeps the comparator) with a bounded size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedTreeSetSerializer extends DefaultSerializers.TreeSetSerializer
    {
        @Override
        protected TreeSet create(final Kryo kryo, final Input input, final Class type, final int size)
        {
            checkCount(input, size, 1);
            return super.create(kryo, input, type, size);
        }
    }

    /** Kryo's TreeMap serializer (keeps the comparator) with a bounded size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedTreeMapSerializer extends DefaultSerializers.TreeMapSerializer
    {
        @Override
        protected TreeMap create(final Kryo kryo, final Input input, final Class type, final int size)
        {
            checkCount(input, size, 2);
            return super.create(kryo, input, type, size);
        }
    }

    /** Kryo's ConcurrentSkipListMap serializer (keeps the comparator) with a bounded size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedSkipListMapSerializer extends DefaultSerializers.ConcurrentSkipListMapSerializer
    {
        @Override
        protected ConcurrentSkipListMap create(final Kryo kryo, final Input input, final Class type, final int size)
        {
            checkCount(input, size, 2);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@link ObjectArraySerializer} that peeks the length before the array is allocated. */
    static final class BoundedObjectArraySerializer extends ObjectArraySerializer
    {
        BoundedObjectArraySerializer(final Kryo kryo, final Class<?> type)
        {
            super(kryo, type);
        }

        @Override
        public Object[] read(final Kryo kryo, final Input input, final Class type)
        {
            final int start = input.position();
            final int length = input.readVarInt(true);
            checkCount(input, length - 1L, 1);
            input.setPosition(start);
            return super.read(kryo, input, type);
        }
    }

    /** Writes elements (and a sorted collection's comparator) and rebuilds through public API. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class CopyingCollectionSerializer extends Serializer<Collection<Object>>
    {
        private final BiFunction<List<Object>, Comparator, Collection<Object>> rebuild;

        CopyingCollectionSerializer(final BiFunction<List<Object>, Comparator, ? extends Collection> rebuild)
        {
            super(false, true);
            this.rebuild = (BiFunction)rebuild;
        }

        @Override
        public void write(final Kryo kryo, final Output output, final Collection<Object> collection)
        {
            kryo.writeClassAndObject(output, collection instanceof SortedSet ?
                ((SortedSet)collection).comparator() : null);
            output.writeVarInt(collection.size(), true);
            for (final Object item : collection)
            {
                kryo.writeClassAndObject(output, item);
            }
        }

        @Override
        public Collection<Object> read(final Kryo kryo, final Input input, final Class<? extends Collection<Object>> type)
        {
            final Comparator comparator = (Comparator)kryo.readClassAndObject(input);
            final int size = input.readVarInt(true);
            checkCount(input, size, 1);
            final List<Object> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++)
            {
                items.add(kryo.readClassAndObject(input));
            }
            return rebuild.apply(items, comparator);
        }
    }

    /** Writes entries (and a sorted map's comparator) and rebuilds through public API. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class CopyingMapSerializer extends Serializer<Map<Object, Object>>
    {
        private final BiFunction<Map<Object, Object>, Comparator, Map<Object, Object>> rebuild;

        CopyingMapSerializer(final BiFunction<Map<Object, Object>, Comparator, ? extends Map> rebuild)
        {
            super(false, true);
            this.rebuild = (BiFunction)rebuild;
        }

        @Override
        public void write(final Kryo kryo, final Output output, final Map<Object, Object> map)
        {
            kryo.writeClassAndObject(output, map instanceof SortedMap ? ((SortedMap)map).comparator() : null);
            output.writeVarInt(map.size(), true);
            for (final Map.Entry<Object, Object> entry : map.entrySet())
            {
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        public Map<Object, Object> read(final Kryo kryo, final Input input, final Class<? extends Map<Object, Object>> type)
        {
            final Comparator comparator = (Comparator)kryo.readClassAndObject(input);
            final int size = input.readVarInt(true);
            checkCount(input, size, 2);
            final Map<Object, Object> entries = new LinkedHashMap<>(Math.max(16, size * 2));
            for (int i = 0; i < size; i++)
            {
                entries.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return rebuild.apply(entries, comparator);
        }
    }

    /** Set.copyOf keeps JDK immutable semantics (no nulls, no duplicates). */
    private static final class Set12OrN
    {
        static Collection<Object> copy(final List<Object> items)
        {
            return Set.copyOf(items);
        }
    }
}
