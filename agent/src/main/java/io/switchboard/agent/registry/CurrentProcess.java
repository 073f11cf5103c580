package io.switchboard.agent.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Identity of this JVM as it appears in provider records: pid, start time and host name. Computed once.
 */
public final class CurrentProcess
{
    private static final long PID = ProcessHandle.current().pid();
    private static final long START_TIME_MILLIS = ProcessHandle.current().info().startInstant()
        .map(java.time.Instant::toEpochMilli).orElse(0L);
    private static final String HOST = resolveHost();
    private static final String PID_NAMESPACE = resolvePidNamespace();

    /**
     * Provider record attribute naming the provider's pid namespace ({@link #pidNamespace()}): a consumer checks
     * a provider's pid only when it is in the same namespace, where that pid means the same process.
     */
    public static final String PID_NAMESPACE_ATTRIBUTE = "pidns";

    private CurrentProcess()
    {
    }

    /** @return this process's id */
    public static long pid()
    {
        return PID;
    }

    /** @return when this process started, epoch milliseconds, or 0 when the platform does not say */
    public static long startTimeMillis()
    {
        return START_TIME_MILLIS;
    }

    /** @return this machine's host name, as written into provider records */
    public static String host()
    {
        return HOST;
    }

    /**
     * @return the inode of this process's pid namespace ({@code /proc/self/ns/pid}), or {@code ""} where there is
     * none to read (not Linux, or hidden): two processes with the same value see the same pids.
     */
    public static String pidNamespace()
    {
        return PID_NAMESPACE;
    }

    private static String resolvePidNamespace()
    {
        try
        {
            // e.g. "pid:[4026531836]"
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
    }

    // Avoid InetAddress.getLocalHost() first: with a misconfigured resolver it can take seconds.
    private static String resolveHost()
    {
        final String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank())
        {
            return env.trim();
        }
        try
        {
            final Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc))
            {
                final String name = new String(Files.readAllBytes(etc), StandardCharsets.UTF_8).trim();
                if (!name.isEmpty())
                {
                    return name;
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // fall through to the resolver
        }
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "localhost";
        }
    }
}
