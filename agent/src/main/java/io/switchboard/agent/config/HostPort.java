package io.switchboard.agent.config;

import java.util.Objects;

/**
 * A {@code host:port} pair; port 0 means "any free port".
 */
public final class HostPort
{
    private final String host;
    private final int port;

    /**
     * @param host a host name or IP address.
     * @param port 0 to 65535.
     */
    public HostPort(final String host, final int port)
    {
        if (host.isEmpty() || port < 0 || port > 65535)
        {
            throw new IllegalArgumentException(host + ":" + port);
        }
        this.host = host;
        this.port = port;
    }

    /**
     * @param text {@code host:port}; IPv6 hosts in brackets, {@code [::1]:8080}.
     * @return the pair.
     * @throws IllegalArgumentException when the text is not a host and a port.
     */
    public static HostPort parse(final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw new IllegalArgumentException(text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        else if (host.indexOf(':') >= 0)
        {
            throw new IllegalArgumentException(text);
        }
        final String portText = text.substring(colon + 1);
        for (int i = 0; i < portText.length(); i++)
        {
            if (!Character.isDigit(portText.charAt(i)))
            {
                throw new IllegalArgumentException(text);
            }
        }
        if (portText.length() > 5 || host.isBlank() || containsWhitespace(host))
        {
            throw new IllegalArgumentException(text);
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    private static boolean containsWhitespace(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (Character.isWhitespace(s.charAt(i)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the host.
     */
    public String host()
    {
        return host;
    }

    /**
     * @return the port; 0 means any free port.
     */
    public int port()
    {
        return port;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof HostPort && ((HostPort)o).host.equals(host) && ((HostPort)o).port == port;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(host, port);
    }

    @Override
    public String toString()
    {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
