package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo class resolver that writes unregistered classes by name (so consumer and provider need
 * not register the same classes in the same order) and checks every name read against the
 * {@link ClassAllowList} before {@code Class.forName}, which it does itself with the allow-list's
 * loader and {@code initialize=false}: Kryo's fallback to its own loader is never reached.
 */
final class AllowListClassResolver extends DefaultClassResolver
{
    private final ClassAllowList allowList;

    AllowListClassResolver(final ClassAllowList allowList)
    {
        this.allowList = allowList;
    }

    @Override
    protected Class<?> getTypeByName(final String className)
    {
        final Class<?> cached = super.getTypeByName(className);
        return cached != null ? cached : allowList.resolve(className);
    }

    @Override
    protected void writeName(final Output output, final Class type, final Registration registration)
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
        super.writeName(output, type, registration);
    }
}
