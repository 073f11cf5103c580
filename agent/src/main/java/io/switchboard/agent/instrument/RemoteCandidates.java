package io.switchboard.agent.instrument;

import io.switchboard.api.Remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides from raw class files, without Byte Buddy, whether a class may implement a {@code @Remote}
 * interface: a class that is not an interface and has, through its super classes and
 * super-interfaces, an interface whose constant pool mentions {@code Lio/switchboard/api/Remote;}.
 * This is a necessary condition of {@link RemoteTypeMatcher}, so a class it rejects can never match,
 * and Byte Buddy is only consulted for the few classes it accepts. A super type whose class file
 * cannot be read counts as a possible match: Byte Buddy then decides.
 *
 * <p>The answer for every type name it looks at is remembered per class loader (weakly), so each
 * super type is read once.
 */
final class RemoteCandidates
{
    private static final byte[] REMOTE_DESCRIPTOR =
        ('L' + Remote.class.getName().replace('.', '/') + ';').getBytes(StandardCharsets.US_ASCII);

    private final Map<ClassLoader, Map<String, Boolean>> memories = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Boolean> bootstrapMemory = new ConcurrentHashMap<>();

    /**
     * @param classFile   the class file being loaded.
     * @param classLoader the loader defining it ({@code null} for the bootstrap loader).
     * @return {@code false} only when the class certainly does not implement a {@code @Remote} interface.
     */
    boolean mayImplementRemote(final byte[] classFile, final ClassLoader classLoader)
    {
        final ClassFileSummary summary;
        try
        {
            summary = ClassFileSummary.read(classFile);
        }
        catch (final IllegalArgumentException ex)
        {
            return true;
        }
        return !summary.isInterface() && hasRemoteSuperType(summary, classLoader, memory(classLoader));
    }

    private Map<String, Boolean> memory(final ClassLoader classLoader)
    {
        if (null == classLoader)
        {
            return bootstrapMemory;
        }
        final Map<String, Boolean> memory = memories.computeIfAbsent(classLoader, (ignore) -> new ConcurrentHashMap<>());
        if (memory.size() > RemoteTypeMatcher.MAX_TYPES_PER_LOADER)
        {
            memory.clear();
        }
        return memory;
    }

    private static boolean hasRemoteSuperType(
        final ClassFileSummary summary, final ClassLoader classLoader, final Map<String, Boolean> memory)
    {
        if (null != summary.superName() && isRemote(summary.superName(), classLoader, memory))
        {
            return true;
        }
        for (final String name : summary.interfaceNames())
        {
            if (isRemote(name, classLoader, memory))
            {
                return true;
            }
        }
        return false;
    }

    // Whether the named type is, or inherits, a type that may be a @Remote interface.
    private static boolean isRemote(final String internalName, final ClassLoader classLoader, final Map<String, Boolean> memory)
    {
        if (internalName.startsWith("java/"))
        {
            return false;
        }
        final Boolean known = memory.get(internalName);
        if (null != known)
        {
            return known;
        }
        final byte[] classFile = classFile(internalName, classLoader);
        boolean result = true;
        if (null != classFile)
        {
            try
            {
                final ClassFileSummary summary = ClassFileSummary.read(classFile);
                result = (summary.isInterface() && summary.mentions(REMOTE_DESCRIPTOR)) ||
                    hasRemoteSuperType(summary, classLoader, memory);
            }
            catch (final IllegalArgumentException ex)
            {
                result = true;
            }
        }
        memory.put(internalName, result);
        return result;
    }

    private static byte[] classFile(final String internalName, final ClassLoader classLoader)
    {
        final String resource = internalName + ".class";
        final ClassLoader lookup = null == classLoader ? ClassLoader.getPlatformClassLoader() : classLoader;
        try (InputStream in = lookup.getResourceAsStream(resource))
        {
            return null == in ? null : in.readAllBytes();
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }
}
