package io.switchboard.agent.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parsed value of {@code switchboard.registry}: {@code local}, or
 * {@code zookeeper://h1:2181,h2:2181[/chroot]} (a host without a port gets 2181).
 *
 * @param kind          which backend
 * @param connectString ZooKeeper {@code host:port,host:port} list, {@code ""} for {@code local}
 * @param chroot        ZooKeeper path prefix such as {@code /shop}, {@code ""} for none
 */
public record RegistrySpec(Kind kind, String connectString, String chroot)
{
    /** The setting's name, for messages. */
    public static final String KEY = "switchboard.registry";

    /** What {@link #parse} accepts, for messages. */
    public static final String ACCEPTS = "local or zookeeper://host:port[,host:port...][/chroot]";

    private static final String ZOOKEEPER_SCHEME = "zookeeper://";
    private static final int DEFAULT_ZOOKEEPER_PORT = 2181;

    /** Registry backends. */
    public enum Kind
    {
        /** A shared directory on this host. */
        LOCAL,
        /** A ZooKeeper ensemble. */
        ZOOKEEPER
    }

    /** The {@code local} spec. */
    public static final RegistrySpec LOCAL = new RegistrySpec(Kind.LOCAL, "", "");

    /**
     * @param value the setting; null or blank means {@code local}
     * @return the spec
     * @throws IllegalArgumentException naming the key and what it accepts when the value is malformed
     */
    public static RegistrySpec parse(final String value)
    {
        if (value == null || value.isBlank())
        {
            return LOCAL;
        }
        final String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("local"))
        {
            return LOCAL;
        }
        if (!trimmed.toLowerCase(Locale.ROOT).startsWith(ZOOKEEPER_SCHEME))
        {
            throw bad(value, "unknown registry");
        }
        final String rest = trimmed.substring(ZOOKEEPER_SCHEME.length());
        final int slash = rest.indexOf('/');
        final String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String chroot = slash < 0 ? "" : rest.substring(slash);
        if (chroot.equals("/"))
        {
            chroot = "";
        }
        if (!chroot.isEmpty() && (chroot.endsWith("/") || chroot.contains("//")))
        {
            throw bad(value, "the chroot path '" + chroot + "' has an empty segment");
        }
        if (hosts.isBlank())
        {
            throw bad(value, "no ZooKeeper host given");
        }
        final List<String> servers = new ArrayList<>();
        for (final String piece : hosts.split(",", -1))
        {
            servers.add(server(value, piece.trim()));
        }
        return new RegistrySpec(Kind.ZOOKEEPER, String.join(",", servers), chroot);
    }

    private static String server(final String value, final String piece)
    {
        if (piece.isEmpty())
        {
            throw bad(value, "empty host in the host list");
        }
        final int colon = piece.lastIndexOf(':');
        if (colon < 0 || piece.endsWith("]"))
        {
            return piece + ":" + DEFAULT_ZOOKEEPER_PORT;
        }
        final String host = piece.substring(0, colon);
        final String port = piece.substring(colon + 1);
        if (host.isEmpty())
        {
            throw bad(value, "empty host in '" + piece + "'");
        }
        final int number;
        try
        {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw bad(value, "port '" + port + "' in '" + piece + "' is not a number");
        }
        if (number < 1 || number > 65535)
        {
            throw bad(value, "port " + number + " in '" + piece + "' is out of range 1-65535");
        }
        return host + ":" + number;
    }

    private static IllegalArgumentException bad(final String value, final String reason)
    {
        return new IllegalArgumentException(
            KEY + "=" + value + ": " + reason + "; accepts " + ACCEPTS);
    }

    @Override
    public String toString()
    {
        return kind == Kind.LOCAL ? "local" : ZOOKEEPER_SCHEME + connectString + chroot;
    }
}
