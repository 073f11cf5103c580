package io.switchboard.transport.aeron.driver;

import io.aeron.driver.MediaDriver;
import io.switchboard.transport.aeron.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.locks.LockSupport;
import org.agrona.IoUtil;

/**
 * The media driver a transport uses: an embedded private one (default) that this handle owns and
 * deletes on close, the host-shared one ({@link SharedDriver}, started when none runs), or an external
 * one at a configured directory; it only attaches to the last two.
 */
public final class DriverHandle implements AutoCloseable
{
    // A started driver is a new JVM: on a loaded 2-core machine it may take seconds to come up.
    private static final java.time.Duration SHARED_START_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final MediaDriver driver;
    private final Path dir;
    private final String driverId;
    private final Thread cleanupHook;
    private final String description;
    private final long pid;

    private DriverHandle(final MediaDriver driver, final Path dir, final String description)
    {
        this(driver, dir, description, -1);
    }

    private DriverHandle(final MediaDriver driver, final Path dir, final String description, final long pid)
    {
        this.pid = pid;
        this.driver = driver;
        this.dir = dir;
        this.description = description;
        this.driverId = idOf(dir);
        if (null != driver)
        {
            // Normal exits without close() still remove the directory; kill -9 leaves it to deleteStale().
            cleanupHook = new Thread(() -> IoUtil.delete(dir.toFile(), true), "switchboard-driver-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanupHook);
        }
        else
        {
            cleanupHook = null;
        }
    }

    /**
     * Attaches to {@link TransportConfig#driverDir()} when set, else to the host-shared driver when
     * {@link TransportConfig#sharedDriver()} is set (starting it when none runs), else embeds a private driver.
     *
     * @param config the transport settings.
     * @return the handle.
     * @throws IllegalStateException when an external directory has no running driver, or the shared one
     *                               cannot be started.
     */
    public static DriverHandle start(final TransportConfig config)
    {
        if (null != config.driverDir())
        {
            final Path dir = config.driverDir().toAbsolutePath();
            if (!awaitCnc(dir, config.connectTimeout().toNanos()))
            {
                throw new IllegalStateException("no media driver at " + dir + " (no cnc.dat after " +
                    config.connectTimeout().toMillis() + " ms); start one with `java -jar switchboard-agent.jar driver " +
                    "--aeron-dir " + dir + "` or leave switchboard.aeron.dir unset to embed one");
            }
            return new DriverHandle(null, dir, "using the external media driver at " + dir);
        }
        if (null != config.sharedDriver())
        {
            final SharedDriver.Attachment attached = SharedDriver.attach(config.sharedDriver(),
                DriverTuning.attachedDriverTimeout(config), SHARED_START_TIMEOUT.compareTo(config.connectTimeout()) > 0 ?
                SHARED_START_TIMEOUT : config.connectTimeout());
            return new DriverHandle(null, attached.dir(), attached.description(), attached.pid());
        }
        ShmDirectories.deleteStale();
        final Path dir = ShmDirectories.newPrivateDir();
        final MediaDriver driver = MediaDriver.launchEmbedded(
            DriverTuning.context(dir, config, DriverTuning.EMBEDDED_CLIENT_LIVENESS));
        return new DriverHandle(driver, Paths.get(driver.aeronDirectoryName()),
            "started a private embedded media driver at " + driver.aeronDirectoryName());
    }

    /**
     * @return the driver directory clients attach to.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return one line for the log: which driver this process uses, and whether it started it.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return the process id of a shared driver when known, else -1.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * @return true when this handle launched the driver and will close it.
     */
    public boolean isEmbedded()
    {
        return null != driver;
    }

    /**
     * Two endpoints with the same driver id share one media driver and can talk over {@code aeron:ipc}.
     *
     * @return {@code <hostname>:<driver dir real path>}.
     */
    public String driverId()
    {
        return driverId;
    }

    /**
     * @param dir a driver directory.
     * @return the driver id for that directory on this host.
     */
    public static String idOf(final Path dir)
    {
        Path real = dir.toAbsolutePath().normalize();
        try
        {
            real = real.toRealPath();
        }
        catch (final IOException ignore)
        {
            // Not created yet: the absolute path is still a stable name.
        }
        return HostName.get() + ":" + real;
    }

    /**
     * Closes an embedded driver (deleting its directory); does nothing for an external one.
     */
    public void close()
    {
        if (null != driver)
        {
            driver.close();
            IoUtil.delete(dir.toFile(), true);
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            }
            catch (final IllegalStateException ignore)
            {
                // Already shutting down.
            }
        }
    }

    // A driver started at the same moment as its first agent writes cnc.dat a little later.
    private static boolean awaitCnc(final Path dir, final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!Files.exists(dir.resolve("cnc.dat")))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return true;
    }
}
