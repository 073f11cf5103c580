package io.switchboard.transport.aeron.driver;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.IoUtil;

/**
 * Names embedded-driver directories {@code switchboard-<user>-<pid>-<n>} under /dev/shm (or the temp
 * dir when there is no /dev/shm), and deletes those left behind by processes that died.
 */
public final class ShmDirectories
{
    /** Prefix of every directory this class names. */
    public static final String PREFIX = "switchboard-";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ShmDirectories()
    {
    }

    /**
     * @return the parent of embedded driver directories: /dev/shm when present.
     */
    public static Path root()
    {
        final Path shm = Paths.get("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @return a fresh directory path (not created) private to this process.
     */
    public static Path newPrivateDir()
    {
        return root().resolve(PREFIX + user() + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.getAndIncrement());
    }

    /**
     * Deletes directories of this user named by {@link #newPrivateDir()} whose process is no longer alive.
     *
     * @return how many were deleted.
     */
    public static int deleteStale()
    {
        final String mine = PREFIX + user() + "-";
        final long self = ProcessHandle.current().pid();
        int deleted = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root(), mine + "*"))
        {
            for (final Path dir : dirs)
            {
                final long pid = pidOf(dir.getFileName().toString(), mine);
                if (pid > 0 && pid != self && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    IoUtil.delete(dir.toFile(), true);
                    deleted++;
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // Best effort: a stale directory only costs space, never correctness.
        }
        return deleted;
    }

    static long pidOf(final String name, final String prefix)
    {
        if (!name.startsWith(prefix))
        {
            return -1;
        }
        final String rest = name.substring(prefix.length());
        final int dash = rest.indexOf('-');
        if (dash <= 0)
        {
            return -1;
        }
        try
        {
            Long.parseLong(rest.substring(dash + 1));
            return Long.parseLong(rest.substring(0, dash));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    static String user()
    {
        final String user = System.getProperty("user.name", "user");
        return user.replaceAll("[^A-Za-z0-9_.]", "_");
    }
}
