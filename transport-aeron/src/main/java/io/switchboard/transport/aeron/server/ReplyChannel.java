package io.switchboard.transport.aeron.server;

import io.aeron.ChannelUri;

/**
 * Turns the reply channel a Connect names into the channel the server publishes replies on, or
 * refuses it. The server never uses the sender's string verbatim: a stranger could otherwise make
 * the provider's media driver allocate huge log buffers ({@code term-length}), open odd media, or
 * block its conductor resolving host names. Only {@code aeron:ipc} and {@code aeron:udp} with an
 * IP-address endpoint (or {@code localhost}) are accepted, rebuilt with the server's term length.
 */
final class ReplyChannel
{
    private ReplyChannel()
    {
    }

    /**
     * @param requested  the reply channel from a Connect.
     * @param termLength the server's term length.
     * @return the channel to publish replies on, or {@code null} when {@code requested} is refused.
     */
    static String sanitize(final String requested, final int termLength)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(requested);
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        if ("ipc".equals(uri.media()))
        {
            return "aeron:ipc?term-length=" + termLength;
        }
        if (!"udp".equals(uri.media()))
        {
            return null;
        }
        final String endpoint = uri.get("endpoint");
        if (null == endpoint)
        {
            return null;
        }
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || !isPort(endpoint.substring(colon + 1)) || !isAddress(endpoint.substring(0, colon)))
        {
            return null;
        }
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + termLength;
    }

    private static boolean isPort(final String text)
    {
        if (text.isEmpty() || text.length() > 5)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (!Character.isDigit(text.charAt(i)))
            {
                return false;
            }
        }
        final int port = Integer.parseInt(text);
        return port > 0 && port <= 65535;
    }

    // An IP literal (no name lookup on a stranger's behalf) or localhost.
    private static boolean isAddress(final String host)
    {
        if ("localhost".equals(host))
        {
            return true;
        }
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']')
        {
            return host.substring(1, host.length() - 1).matches("[0-9a-fA-F:.]+");
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
