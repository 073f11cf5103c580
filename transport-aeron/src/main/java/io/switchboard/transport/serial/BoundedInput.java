package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.io.Input;
import java.util.Arrays;

/**
 * A Kryo {@link Input} over a byte array that refuses any declared length larger than the bytes
 * left, before allocating for it: every element of an array, string or collection takes at least
 * one byte, so a larger count can only be forged.
 */
final class BoundedInput extends Input
{
    private static final int INTERNED = 32;
    /**
     * Set by {@link AllowListClassResolver} while it reads a class name: the same few names come in every
     * payload, so a name read before is returned from {@link #interned} by its bytes, without a new String.
     * Only class names: a user's strings are never kept.
     */
    boolean internStrings;
    private final byte[][] internedBytes = new byte[INTERNED][];
    private final String[] interned = new String[INTERNED];
    private int internedCount; // never evicted: names that pass the allow-list are few; junk only stops caching

    BoundedInput(final int capacity)
    {
        super(capacity);
    }

    int remaining()
    {
        return limit - position;
    }

    void checkCount(final long count, final int minBytesEach)
    {
        if (count < 0 || count * minBytesEach > remaining())
        {
            throw new PayloadException("payload declares " + count + " elements but only " + remaining() +
                " bytes remain (truncated or forged length)");
        }
    }

    @Override
    public String readString()
    {
        if (readVarIntFlag())
        {
            // UTF-8 form: a char count precedes the bytes; peek it without consuming.
            final int start = position;
            final int charCount = readVarIntFlag(true); // 0 is null, 1 is "", n is n - 1 chars
            if (charCount > 1)
            {
                checkCount(charCount - 1L, 1);
            }
            position = start;
        }
        else if (internStrings)
        {
            return readInternedAscii();
        }
        return super.readString();
    }

    // Kryo's ASCII form: the bytes, the last one with its high bit set.
    private String readInternedAscii()
    {
        final int start = position;
        int end = start;
        while (end < limit && (buffer[end] & 0x80) == 0)
        {
            end++;
        }
        if (end >= limit)
        {
            return super.readString(); // truncated: Kryo's own path fails it
        }
        final int length = end + 1 - start;
        for (int i = 0; i < internedCount; i++)
        {
            final byte[] key = internedBytes[i];
            if (key.length == length && Arrays.equals(key, 0, length, buffer, start, end + 1))
            {
                position = end + 1;
                return interned[i];
            }
        }
        final String read = super.readString();
        if (internedCount < INTERNED && position == end + 1)
        {
            internedBytes[internedCount] = Arrays.copyOfRange(buffer, start, end + 1);
            interned[internedCount++] = read;
        }
        return read;
    }

    @Override
    public byte[] readBytes(final int length)
    {
        checkCount(length, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(final int length)
    {
        checkCount(length, 4);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(final int length, final boolean optimizePositive)
    {
        checkCount(length, 1);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(final int length)
    {
        checkCount(length, 8);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(final int length, final boolean optimizePositive)
    {
        checkCount(length, 1);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(final int length)
    {
        checkCount(length, 4);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(final int length)
    {
        checkCount(length, 8);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(final int length)
    {
        checkCount(length, 2);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(final int length)
    {
        checkCount(length, 2);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(final int length)
    {
        checkCount(length, 1);
        return super.readBooleans(length);
    }
}
