package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.transport.aeron.Endpoint;

import java.util.Locale;

/**
 * Refuses to publish a provider that only this host can reach (a loopback or wildcard endpoint host)
 * to a ZooKeeper ensemble on other hosts, where consumers elsewhere would find it and fail to call it.
 */
final class AdvertisedAddress
{
    private AdvertisedAddress()
    {
    }

    /**
     * @param record   the provider about to be registered
     * @param spec     the registry
     * @param registry the registry's description, for the message
     * @throws IllegalArgumentException when the endpoint's host is loopback or wildcard and some
     *                                  ZooKeeper server is not on loopback
     */
    static void check(final ProviderRecord record, final RegistrySpec spec, final String registry)
    {
        if (record.endpoint().isEmpty() || registryIsLocal(spec.connectString()))
        {
            return;
        }
        final String host;
        try
        {
            host = Endpoint.parse(record.endpoint()).host();
        }
        catch (final IllegalArgumentException ex)
        {
            return; // not a transport endpoint (tests, tools): nothing to check
        }
        if (isLoopback(host) || isWildcard(host))
        {
            throw new IllegalArgumentException("cannot register " + record.key() + " in " + registry +
                ": it would advertise " + host + ", which consumers on other hosts cannot reach; set " +
                "switchboard.bind to this host's address (for example bind=10.0.0.5:0) or " +
                "switchboard.advertise.host to the name other hosts use for it");
        }
    }

    /**
     * @param connectString ZooKeeper {@code host:port} list
     * @return whether every server is on loopback (then every consumer is on this host too)
     */
    static boolean registryIsLocal(final String connectString)
    {
        for (final String server : connectString.split(","))
        {
            final int colon = server.lastIndexOf(':');
            String host = colon < 0 ? server : server.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]"))
            {
                host = host.substring(1, host.length() - 1);
            }
            if (!isLoopback(host))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Decided from the text alone: no name lookups.
     *
     * @param host host name or IP literal
     * @return whether it names this host's loopback interface
     */
    static boolean isLoopback(final String host)
    {
        final String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1") ||
            h.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean isWildcard(final String host)
    {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }
}
