package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

import java.util.HashMap;
import java.util.IdentityHashMap;

/**
 * Kryo class resolver that writes unregistered classes by name (so consumer and provider need
 * not register the same classes in the same order) and checks every name read against the
 * {@link ClassAllowList} before {@code Class.forName}, which it does itself with the allow-list's
 * loader and {@code initialize=false}: Kryo's fallback to its own loader is never reached.
 */
final class AllowListClassResolver extends DefaultClassResolver
{
    private final ClassAllowList allowList;
    // Per Kryo instance (never shared between threads); bounded by the allow-list's size.
    private final HashMap<String, Class<?>> resolved = new HashMap<>();
    private final IdentityHashMap<Class<?>, Boolean> checked = new IdentityHashMap<>();

    AllowListClassResolver(final ClassAllowList allowList)
    {
        this.allowList = allowList;
    }

    @Override
    protected Class<?> getTypeByName(final String className)
    {
        Class<?> type = resolved.get(className);
        if (type == null)
        {
            type = allowList.resolve(className);
            resolved.put(className, type);
        }
        return type;
    }

    @Override
    protected Registration readName(final Input input)
    {
        if (!(input instanceof BoundedInput bounded))
        {
            return super.readName(input);
        }
        bounded.internStrings = true; // the class name: no new String when it was read before
        try
        {
            return super.readName(input);
        }
        finally
        {
            bounded.internStrings = false;
        }
    }

    @Override
    protected void writeName(final Output output, final Class type, final Registration registration)
    {
        if (checked.get(type) == null)
        {
            check(type);
            checked.put(type, Boolean.TRUE);
        }
        super.writeName(output, type, registration);
    }

    private void check(final Class<?> type)
    {
        // Fail on the writer with a clear message rather than on the reader.
        final String name = type.getName();
        if (GadgetDenyList.isDenied(name))
        {
            throw new PayloadRejectedException(name, "on the gadget deny list");
        }
        if (!allowList.isAllowed(name) && !allowList.isThrowableAllowed(name))
        {
            throw new PayloadRejectedException(name,
                "not reachable from the @Remote signatures; add it to switchboard.serialization.allow if it is safe");
        }
    }
}
