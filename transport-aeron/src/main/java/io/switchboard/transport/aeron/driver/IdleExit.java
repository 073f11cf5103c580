package io.switchboard.transport.aeron.driver;

import io.aeron.AeronCounters;
import io.aeron.driver.MediaDriver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.status.CountersReader;

/**
 * Decides when a started shared driver may exit: it has had no Aeron client for the idle time, and no
 * process announced an attach (by writing the {@link SharedDriver#lockFile lock file}) within that time.
 * The final check runs under the lock, so a process that found the driver alive under the lock always
 * finds it still running when it connects.
 */
final class IdleExit
{
    // A process that found the driver alive registers its client within this (its first command or keepalive).
    // 10 s: on a loaded 2-core machine an agent took more than 3 s from its attach to its client's first keepalive.
    private static final long ATTACH_GRACE_NS = TimeUnit.SECONDS.toNanos(10);

    private final MediaDriver driver;
    private final Path cncFile;
    private final Path lockFile;
    private final long idleNs;
    private long lastBusyNs = System.nanoTime();

    IdleExit(final MediaDriver driver, final Path dir, final Duration idle)
    {
        this.driver = driver;
        this.cncFile = dir.resolve(io.aeron.CncFileDescriptor.CNC_FILE);
        this.lockFile = SharedDriver.lockFile(dir);
        this.idleNs = idle.toNanos();
    }

    /**
     * @param nowNs {@link System#nanoTime()}.
     * @return the held lock when the driver should close now (the caller closes the driver, then releases it),
     * else null.
     */
    FileLock exitLockIfIdle(final long nowNs)
    {
        if (clients() > 0)
        {
            lastBusyNs = nowNs;
            return null;
        }
        if (nowNs - lastBusyNs < idleNs || recentAttach())
        {
            return null;
        }
        try
        {
            final FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.lock();
            if (clients() == 0 && !recentAttach())
            {
                return lock;
            }
            lock.release();
            channel.close();
            lastBusyNs = nowNs;
            return null;
        }
        catch (final IOException ex)
        {
            return null; // cannot take the lock: keep running rather than race an attaching process
        }
    }

    /**
     * @param nowNs {@link System#nanoTime()}.
     * @return {@code true} when the driver has been idle long enough and its directory is gone (deleted by a
     * clean-up, a tmp reaper or by hand): no process can find it any more, and without the directory there is no
     * lock file to take, so {@link #exitLockIfIdle} would keep it running for good.
     */
    boolean orphanedIfIdle(final long nowNs)
    {
        return clients() == 0 && nowNs - lastBusyNs >= idleNs && !Files.exists(cncFile);
    }

    int clients()
    {
        final CountersReader counters = driver.context().countersManager();
        final int[] count = {0};
        counters.forEach((counterId, typeId, key, label) ->
        {
            if (AeronCounters.DRIVER_HEARTBEAT_TYPE_ID == typeId)
            {
                count[0]++;
            }
        });
        return count[0];
    }

    private boolean recentAttach()
    {
        try
        {
            final long ageMs = System.currentTimeMillis() - Files.getLastModifiedTime(lockFile).toMillis();
            return TimeUnit.MILLISECONDS.toNanos(ageMs) < Math.max(idleNs, ATTACH_GRACE_NS);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
