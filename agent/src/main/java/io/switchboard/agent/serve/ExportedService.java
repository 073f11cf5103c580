package io.switchboard.agent.serve;

import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.transport.serial.PayloadSerializer;

import java.lang.reflect.Method;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A service this process serves: the exported instance, its methods by wire id (resolved to
 * reflective handles once) and the serializer built from its signatures.
 */
final class ExportedService
{
    final RemoteService service;
    final Object instance;
    final PayloadSerializer serializer;
    final long tableHash;
    private final Long2ObjectHashMap<Invocable> methods = new Long2ObjectHashMap<>(); // read-only once built: no boxing

    ExportedService(final RemoteService service, final Object instance, final PayloadSerializer serializer)
    {
        this.service = service;
        this.instance = instance;
        this.serializer = serializer;
        final List<RemoteMethod> remoteMethods = service.methods();
        final long[] ids = new long[remoteMethods.size()];
        for (int i = 0; i < ids.length; i++)
        {
            final RemoteMethod method = remoteMethods.get(i);
            ids[i] = method.id();
            final Method reflective = method.method();
            reflective.setAccessible(true); // package-private interfaces and implementations
            methods.put(method.id(), new Invocable(method, reflective));
        }
        this.tableHash = MethodId.tableHash(ids);
    }

    /**
     * @param methodId a wire method id.
     * @return the method, or {@code null} when this service has no such method.
     */
    Invocable method(final long methodId)
    {
        return methods.get(methodId);
    }

    /**
     * A method ready to be called on the exported instance.
     *
     * @param remote     what the method table knows of it.
     * @param reflective the interface method.
     */
    record Invocable(RemoteMethod remote, Method reflective)
    {
    }
}
