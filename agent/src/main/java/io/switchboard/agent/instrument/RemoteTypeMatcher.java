package io.switchboard.agent.instrument;

import io.switchboard.agent.method.MethodTable;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches classes that implement, through superclasses or super-interfaces, an interface annotated
 * {@code @io.switchboard.api.Remote}, remembering the answer for every type name it visits (per
 * class loader, weakly) so that each super type is looked at once rather than once per subclass.
 * {@code java.*} types are never {@code @Remote} and are not parsed. A type whose hierarchy cannot
 * be resolved does not match (its class cannot load anyway).
 */
final class RemoteTypeMatcher implements AgentBuilder.RawMatcher
{
    /**
     * The most type names remembered per class loader before the memory is reset.
     */
    static final int MAX_TYPES_PER_LOADER = 1 << 16;

    private final Map<ClassLoader, Map<String, Boolean>> memories = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Boolean> bootstrapMemory = new ConcurrentHashMap<>();

    public boolean matches(
        final TypeDescription type,
        final ClassLoader classLoader,
        final JavaModule module,
        final Class<?> classBeingRedefined,
        final ProtectionDomain protectionDomain)
    {
        try
        {
            return !type.isInterface() && hasRemoteInterface(type, memory(classLoader));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return false;
        }
    }

    private Map<String, Boolean> memory(final ClassLoader classLoader)
    {
        if (null == classLoader)
        {
            return bootstrapMemory;
        }
        final Map<String, Boolean> memory = memories.computeIfAbsent(classLoader, (ignore) -> new ConcurrentHashMap<>());
        if (memory.size() > MAX_TYPES_PER_LOADER)
        {
            memory.clear();
        }
        return memory;
    }

    private static boolean hasRemoteInterface(final TypeDefinition type, final Map<String, Boolean> memory)
    {
        final String name = type.asErasure().getName();
        if (name.startsWith("java."))
        {
            return false;
        }
        final Boolean known = memory.get(name);
        if (null != known)
        {
            return known;
        }

        boolean result = type.isInterface() && null != MethodTable.remoteAnnotation(type.asErasure());
        final TypeDescription.Generic superClass = result ? null : type.getSuperClass();
        if (null != superClass)
        {
            result = hasRemoteInterface(superClass, memory);
        }
        if (!result)
        {
            for (final TypeDescription.Generic superInterface : type.getInterfaces())
            {
                if (hasRemoteInterface(superInterface, memory))
                {
                    result = true;
                    break;
                }
            }
        }
        memory.put(name, result);
        return result;
    }
}
