package io.switchboard.agent.trace;

import io.opentelemetry.api.common.Attributes;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The span name and start attributes of one remote method, built once and reused by every call:
 * they depend only on the service, the method and (for SERVER spans) this provider's address.
 * Hot path: {@link #of} allocates nothing once a method has been seen.
 */
final class MethodAttributes
{
    private final String fullMethod;
    private final Attributes client;
    private volatile ServerAttributes server;

    private record ServerAttributes(String host, int port, Attributes attributes)
    {
    }

    private MethodAttributes(final String service, final String method)
    {
        fullMethod = service + '/' + method;
        client = Attributes.of(
            RpcAttributes.RPC_SYSTEM_NAME, RpcAttributes.SYSTEM,
            RpcAttributes.RPC_METHOD, fullMethod,
            RpcAttributes.RPC_SYSTEM_V1_37, RpcAttributes.SYSTEM,
            RpcAttributes.RPC_SERVICE_V1_37, service);
    }

    /** Methods by service and method name; a program has a bounded set of them. */
    static final class Cache
    {
        private final ConcurrentHashMap<String, ConcurrentHashMap<String, MethodAttributes>> byService =
            new ConcurrentHashMap<>();

        /**
         * @param service the service name.
         * @param method  the method name.
         * @return the method's name and attributes.
         */
        MethodAttributes of(final String service, final String method)
        {
            ConcurrentHashMap<String, MethodAttributes> methods = byService.get(service);
            if (null == methods)
            {
                final ConcurrentHashMap<String, MethodAttributes> added = new ConcurrentHashMap<>();
                methods = byService.putIfAbsent(service, added);
                methods = null == methods ? added : methods;
            }
            final MethodAttributes found = methods.get(method);
            if (null != found)
            {
                return found;
            }
            final MethodAttributes added = new MethodAttributes(service, method);
            final MethodAttributes raced = methods.putIfAbsent(method, added);
            return null == raced ? added : raced;
        }
    }

    /**
     * @return {@code service/method}: the span name and {@code rpc.method}.
     */
    String fullMethod()
    {
        return fullMethod;
    }

    /**
     * @return the CLIENT span's start attributes.
     */
    Attributes client()
    {
        return client;
    }

    /**
     * @param host this provider's advertised host.
     * @param port this provider's port.
     * @return the SERVER span's start attributes.
     */
    Attributes server(final String host, final int port)
    {
        final ServerAttributes cached = server;
        if (null != cached && cached.port() == port && cached.host().equals(host))
        {
            return cached.attributes();
        }
        final Attributes attributes = client.toBuilder()
            .put(RpcAttributes.SERVER_ADDRESS, host)
            .put(RpcAttributes.SERVER_PORT, (long)port)
            .build();
        server = new ServerAttributes(host, port, attributes);
        return attributes;
    }
}
