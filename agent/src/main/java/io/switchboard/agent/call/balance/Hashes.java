package io.switchboard.agent.call.balance;

/**
 * Hashes that are equal in every JVM, so consumers in different processes agree on which provider
 * owns a key.
 *
 * <p>A key's hash is defined by value for {@code String}, the boxed primitives, {@code UUID} and
 * enums (by constant name: {@code Enum.hashCode()} is an identity hash and differs per JVM); any
 * other object uses its {@code hashCode()}, which is then stable only if the class computes it from
 * its value (records do, from their components — so a record holding an enum is not stable).
 */
final class Hashes
{
    private Hashes()
    {
    }

    /**
     * @param key a call's first argument, or {@code null}.
     * @return its 64-bit hash, spread over the whole range.
     */
    static long ofKey(final Object key)
    {
        final long hash;
        if (null == key)
        {
            hash = 0;
        }
        else if (key instanceof Enum<?> constant)
        {
            hash = constant.name().hashCode();
        }
        else if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte)
        {
            hash = ((Number)key).longValue(); // 7 and 7L are the same key
        }
        else
        {
            hash = key.hashCode(); // String, UUID, Character, Boolean, Double: specified by value; others: their own
        }
        return mix(hash);
    }

    /**
     * @param text any text.
     * @return its 64-bit FNV-1a hash over UTF-16 code units, mixed.
     */
    static long of(final String text)
    {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++)
        {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return mix(hash);
    }

    /**
     * @param value any value.
     * @return MurmurHash3's 64-bit finaliser of it: nearby inputs land far apart.
     */
    static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb34fe63b9a87L;
        h ^= h >>> 33;
        return h;
    }
}
