package io.switchboard.transport.aeron;

import java.util.Objects;

/**
 * Where a server can be reached: a UDP endpoint for any host, plus an IPC stream for clients that
 * share the server's media driver (same {@link #driverId()}).
 * <p>
 * The string form is stable and meant for registries:
 * {@code aeron:udp?endpoint=127.0.0.1:40123|stream=1|ipc-stream=1073741830|driver=myhost:/dev/shm/switchboard-me-42-0}.
 * Keys may come in any order when parsed; {@link #toString()} always writes this order.
 *
 * @param host        host or IP the server's UDP subscription is bound to (IPv6 without brackets).
 * @param port        UDP port, 1..65535.
 * @param udpStreamId stream id of the UDP subscription.
 * @param ipcStreamId stream id of the IPC subscription on the server's driver.
 * @param driverId    identity of the server's media driver (see {@code DriverHandle#driverId()}).
 */
public record Endpoint(String host, int port, int udpStreamId, int ipcStreamId, String driverId)
{
    private static final String PREFIX = "aeron:udp?";

    /**
     * Validates the parts.
     */
    public Endpoint
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(driverId, "driverId");
        if (host.isEmpty() || host.indexOf('|') >= 0)
        {
            throw new IllegalArgumentException("bad host in endpoint: '" + host + "'");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("bad port in endpoint: " + port + " (1..65535)");
        }
        if (driverId.indexOf('|') >= 0)
        {
            throw new IllegalArgumentException("driver id must not contain '|': " + driverId);
        }
    }

    /**
     * @return the Aeron UDP endpoint, {@code host:port} ({@code [v6]:port} for IPv6).
     */
    public String udpEndpoint()
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Parses the form written by {@link #toString()}.
     *
     * @param text e.g. {@code aeron:udp?endpoint=127.0.0.1:40123|stream=1|ipc-stream=1001|driver=h:/dev/shm/x}.
     * @return the endpoint.
     * @throws IllegalArgumentException naming what is wrong.
     */
    public static Endpoint parse(final String text)
    {
        if (null == text || !text.startsWith(PREFIX))
        {
            throw new IllegalArgumentException("not a Switchboard endpoint (expected '" + PREFIX +
                "endpoint=host:port|stream=..|ipc-stream=..|driver=..'): " + text);
        }
        String endpoint = null;
        String driver = null;
        Integer stream = null;
        Integer ipcStream = null;
        for (final String part : text.substring(PREFIX.length()).split("\\|"))
        {
            final int eq = part.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("bad part '" + part + "' in endpoint: " + text);
            }
            final String key = part.substring(0, eq);
            final String value = part.substring(eq + 1);
            switch (key)
            {
                case "endpoint" -> endpoint = value;
                case "stream" -> stream = parseInt(key, value, text);
                case "ipc-stream" -> ipcStream = parseInt(key, value, text);
                case "driver" -> driver = value;
                default -> throw new IllegalArgumentException("unknown key '" + key + "' in endpoint: " + text);
            }
        }
        if (null == endpoint || null == stream || null == ipcStream || null == driver)
        {
            throw new IllegalArgumentException(
                "endpoint needs endpoint=, stream=, ipc-stream= and driver=: " + text);
        }
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("endpoint= must be host:port in: " + text);
        }
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(host, parseInt("port", endpoint.substring(colon + 1), text), stream, ipcStream, driver);
    }

    private static int parseInt(final String key, final String value, final String text)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " is not a number ('" + value + "') in endpoint: " + text, ex);
        }
    }

    /**
     * @return the stable string form, parseable by {@link #parse(String)}.
     */
    public String toString()
    {
        return PREFIX + "endpoint=" + udpEndpoint() + "|stream=" + udpStreamId + "|ipc-stream=" + ipcStreamId +
            "|driver=" + driverId;
    }
}
