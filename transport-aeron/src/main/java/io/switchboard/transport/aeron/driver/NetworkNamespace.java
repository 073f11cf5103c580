package io.switchboard.transport.aeron.driver;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * This process's network namespace, as part of the host-shared driver's name: processes in different
 * network namespaces see different interfaces, so they must not share a media driver (its UDP sockets
 * live in the namespace of the process that started it), even when they share /dev/shm.
 */
final class NetworkNamespace
{
    private static final String ID = resolve();

    private NetworkNamespace()
    {
    }

    /**
     * @return e.g. {@code net4026531840}, or {@code net} where the kernel does not say.
     */
    static String id()
    {
        return ID;
    }

    private static String resolve()
    {
        try
        {
            // The link reads "net:[4026531840]": the namespace's inode, unique on this host while it exists.
            final String link = Files.readSymbolicLink(Paths.get("/proc/self/ns/net")).toString();
            return "net" + link.replaceAll("[^0-9]", "");
        }
        catch (final Exception ex)
        {
            return "net";
        }
    }
}
