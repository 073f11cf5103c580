package io.switchboard.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@link RemoteCandidates} needs from a class file, read straight from its bytes without Byte
 * Buddy: whether it is an interface, its super class and interfaces (internal names such as
 * {@code java/lang/Object}), and whether its constant pool holds a given UTF-8 string (an annotation
 * descriptor). Reading a header costs microseconds, where Byte Buddy's first type description costs
 * hundreds of milliseconds of class loading in a cold JVM.
 */
final class ClassFileSummary
{
    private static final int MAGIC = 0xCAFEBABE;
    private static final int ACC_INTERFACE = 0x0200;

    private final byte[] bytes;
    private final int[] utf8Offsets;
    private final int utf8Count;
    private final int accessFlags;
    private final String superName;
    private final String[] interfaceNames;

    private ClassFileSummary(final byte[] bytes, final int[] utf8Offsets, final int utf8Count, final int accessFlags,
        final String superName, final String[] interfaceNames)
    {
        this.bytes = bytes;
        this.utf8Offsets = utf8Offsets;
        this.utf8Count = utf8Count;
        this.accessFlags = accessFlags;
        this.superName = superName;
        this.interfaceNames = interfaceNames;
    }

    /**
     * @param bytes a class file.
     * @return its summary.
     * @throws IllegalArgumentException when the bytes are not a class file this reader understands.
     */
    static ClassFileSummary read(final byte[] bytes)
    {
        try
        {
            if (readInt(bytes, 0) != MAGIC)
            {
                throw new IllegalArgumentException("not a class file (bad magic number)");
            }
            final int poolCount = readUnsignedShort(bytes, 8);
            // Offset of each entry's payload (after its tag); class entries point at their name's UTF-8 entry.
            final int[] offsets = new int[poolCount];
            final int[] utf8Offsets = new int[poolCount];
            int utf8Count = 0;
            int at = 10;
            for (int i = 1; i < poolCount; i++)
            {
                final int tag = bytes[at] & 0xFF;
                offsets[i] = at + 1;
                switch (tag)
                {
                    case 1:
                        utf8Offsets[utf8Count++] = at + 1;
                        at += 3 + readUnsignedShort(bytes, at + 1);
                        break;
                    case 7: case 8: case 16: case 19: case 20:
                        at += 3;
                        break;
                    case 15:
                        at += 4;
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        at += 5;
                        break;
                    case 5: case 6:
                        at += 9;
                        i++;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown constant pool tag " + tag + " at offset " + at);
                }
            }
            final int accessFlags = readUnsignedShort(bytes, at);
            final int superIndex = readUnsignedShort(bytes, at + 4);
            final int interfaceCount = readUnsignedShort(bytes, at + 6);
            final String[] interfaces = new String[interfaceCount];
            for (int i = 0; i < interfaceCount; i++)
            {
                interfaces[i] = className(bytes, offsets, readUnsignedShort(bytes, at + 8 + 2 * i));
            }
            return new ClassFileSummary(bytes, utf8Offsets, utf8Count, accessFlags,
                0 == superIndex ? null : className(bytes, offsets, superIndex), interfaces);
        }
        catch (final ArrayIndexOutOfBoundsException ex)
        {
            throw new IllegalArgumentException("truncated class file", ex);
        }
    }

    /**
     * @return whether the class file declares an interface (or an annotation type).
     */
    boolean isInterface()
    {
        return 0 != (accessFlags & ACC_INTERFACE);
    }

    /**
     * @return the internal name of the super class, or {@code null} for {@code java/lang/Object}.
     */
    String superName()
    {
        return superName;
    }

    /**
     * @return the internal names of the directly implemented (or extended) interfaces.
     */
    String[] interfaceNames()
    {
        return interfaceNames.clone();
    }

    /**
     * @param utf8 the modified-UTF-8 bytes of a string (ASCII here), e.g. an annotation descriptor.
     * @return whether the constant pool holds exactly that string.
     */
    boolean mentions(final byte[] utf8)
    {
        for (int i = 0; i < utf8Count; i++)
        {
            final int at = utf8Offsets[i];
            final int length = readUnsignedShort(bytes, at);
            if (length == utf8.length && Arrays.equals(bytes, at + 2, at + 2 + length, utf8, 0, length))
            {
                return true;
            }
        }
        return false;
    }

    private static String className(final byte[] bytes, final int[] offsets, final int classIndex)
    {
        final int nameEntry = offsets[readUnsignedShort(bytes, offsets[classIndex])];
        // Class names are ASCII in practice; a non-ASCII name only has to compare equal to itself.
        return new String(bytes, nameEntry + 2, readUnsignedShort(bytes, nameEntry), StandardCharsets.UTF_8);
    }

    private static int readUnsignedShort(final byte[] bytes, final int at)
    {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private static int readInt(final byte[] bytes, final int at)
    {
        return (readUnsignedShort(bytes, at) << 16) | readUnsignedShort(bytes, at + 2);
    }
}
