package io.switchboard.transport.aeron.driver;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * This host's name without a DNS lookup where possible (the kernel's name, then the environment).
 */
final class HostName
{
    private static final String NAME = resolve();

    private HostName()
    {
    }

    static String get()
    {
        return NAME;
    }

    private static String resolve()
    {
        try
        {
            final String name = new String(
                Files.readAllBytes(Paths.get("/proc/sys/kernel/hostname")), StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty())
            {
                return name;
            }
        }
        catch (final Exception ignore)
        {
            // Not Linux.
        }
        final String env = System.getenv("HOSTNAME");
        if (null != env && !env.isEmpty())
        {
            return env;
        }
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final Exception ex)
        {
            return "localhost";
        }
    }
}
