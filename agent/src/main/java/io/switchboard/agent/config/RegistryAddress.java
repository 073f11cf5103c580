package io.switchboard.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the registry lives ({@code switchboard.registry}): {@code local} (a directory shared by
 * the processes of one host) or {@code zookeeper://h1:2181,h2:2181[/chroot]}.
 */
public final class RegistryAddress
{
    /** The registry backends. */
    public enum Kind
    {
        /** Single host, zero configuration. */
        LOCAL,
        /** A ZooKeeper ensemble. */
        ZOOKEEPER
    }

    private static final String ZOOKEEPER_SCHEME = "zookeeper://";
    private static final RegistryAddress LOCAL = new RegistryAddress(Kind.LOCAL, List.of(), "");

    private final Kind kind;
    private final List<HostPort> servers;
    private final String chroot;

    private RegistryAddress(final Kind kind, final List<HostPort> servers, final String chroot)
    {
        this.kind = kind;
        this.servers = List.copyOf(servers);
        this.chroot = chroot;
    }

    /**
     * @return the local registry.
     */
    public static RegistryAddress local()
    {
        return LOCAL;
    }

    /**
     * @param text {@code local} or {@code zookeeper://h:p[,h:p...][/chroot]}.
     * @return the address.
     * @throws IllegalArgumentException when the text is neither.
     */
    public static RegistryAddress parse(final String text)
    {
        if ("local".equalsIgnoreCase(text))
        {
            return LOCAL;
        }
        if (!text.regionMatches(true, 0, ZOOKEEPER_SCHEME, 0, ZOOKEEPER_SCHEME.length()))
        {
            throw new IllegalArgumentException(text);
        }
        final String rest = text.substring(ZOOKEEPER_SCHEME.length());
        final int slash = rest.indexOf('/');
        final String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String chroot = slash < 0 ? "" : rest.substring(slash);
        if (chroot.endsWith("/"))
        {
            chroot = chroot.substring(0, chroot.length() - 1);
        }
        if (chroot.contains("//") || chroot.contains(" "))
        {
            throw new IllegalArgumentException(text);
        }
        final List<HostPort> servers = new ArrayList<>();
        for (final String server : hosts.split(",", -1))
        {
            final HostPort hostPort = HostPort.parse(server.trim());
            if (0 == hostPort.port())
            {
                throw new IllegalArgumentException(text);
            }
            servers.add(hostPort);
        }
        return new RegistryAddress(Kind.ZOOKEEPER, servers, chroot);
    }

    /**
     * @return the backend.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the ZooKeeper servers; empty for {@link Kind#LOCAL}.
     */
    public List<HostPort> servers()
    {
        return servers;
    }

    /**
     * @return the ZooKeeper connect string without chroot, {@code h1:2181,h2:2181}; empty for local.
     */
    public String connectString()
    {
        final StringBuilder sb = new StringBuilder();
        for (final HostPort server : servers)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(server);
        }
        return sb.toString();
    }

    /**
     * @return the chroot path, {@code /shop}, or empty.
     */
    public String chroot()
    {
        return chroot;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof RegistryAddress && ((RegistryAddress)o).kind == kind &&
            ((RegistryAddress)o).servers.equals(servers) && ((RegistryAddress)o).chroot.equals(chroot);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(kind, servers, chroot);
    }

    @Override
    public String toString()
    {
        return Kind.LOCAL == kind ? "local" : ZOOKEEPER_SCHEME + connectString() + chroot;
    }
}
