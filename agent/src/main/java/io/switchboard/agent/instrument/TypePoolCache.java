package io.switchboard.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Caches parsed type descriptions per class loader, so that matching the hierarchy of each newly
 * loaded class does not parse the same super types again. Keyed weakly by loader and held softly;
 * used with {@link AgentBuilder.LocationStrategy.ForClassLoader#WEAK} so nothing cached keeps a
 * loader alive.
 */
final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache
{
    private final TypePool.CacheProvider bootstrapCache = new TypePool.CacheProvider.Simple.UsingSoftReference();
    private final Map<ClassLoader, TypePool.CacheProvider> caches = Collections.synchronizedMap(new WeakHashMap<>());

    TypePoolCache()
    {
        super(TypePool.Default.ReaderMode.FAST);
    }

    protected TypePool.CacheProvider locate(final ClassLoader classLoader)
    {
        if (null == classLoader)
        {
            return bootstrapCache;
        }
        return caches.computeIfAbsent(classLoader, (ignore) -> new TypePool.CacheProvider.Simple.UsingSoftReference());
    }
}
