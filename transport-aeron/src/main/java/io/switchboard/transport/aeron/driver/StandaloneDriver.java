package io.switchboard.transport.aeron.driver;

import io.aeron.driver.MediaDriver;
import io.switchboard.transport.aeron.TransportConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.time.Duration;
import org.agrona.IoUtil;

/**
 * A shared media driver in its own process, for {@code java -jar switchboard-agent.jar driver <dir>}:
 * transports configured with {@code driverDir=<dir>} attach to it and talk over IPC.
 */
public final class StandaloneDriver
{
    private static final long IDLE_CHECK_MS = 200;

    private StandaloneDriver()
    {
    }

    /**
     * Runs a driver in {@code dir} until the calling thread is interrupted or the JVM shuts down,
     * then closes it and deletes the directory.
     *
     * @param dir the driver directory (created; an existing one is replaced).
     */
    public static void run(final Path dir)
    {
        run(dir, TransportConfig.builder().build());
    }

    /**
     * As {@link #run(Path)} with the term length, peer timeout and error handler of {@code config}.
     *
     * @param dir    the driver directory.
     * @param config the settings.
     */
    public static void run(final Path dir, final TransportConfig config)
    {
        run(dir, config, null);
    }

    /**
     * As {@link #run(Path, TransportConfig)}, and when {@code idleExit} is not null, also returns once the
     * driver has had no client for that long (the host-shared driver that {@link SharedDriver} starts).
     *
     * @param dir      the driver directory.
     * @param config   the settings.
     * @param idleExit how long to run without clients, or null to run until interrupted.
     */
    public static void run(final Path dir, final TransportConfig config, final Duration idleExit)
    {
        final MediaDriver driver = MediaDriver.launch(DriverTuning.context(dir.toAbsolutePath(), config, null));
        final Thread hook = new Thread(driver::close, "switchboard-driver-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final IdleExit idle = null == idleExit ? null : new IdleExit(driver, dir.toAbsolutePath(), idleExit);
        boolean interrupted = false;
        FileLock exitLock = null;
        try
        {
            while (null == exitLock)
            {
                Thread.sleep(IDLE_CHECK_MS);
                final long nowNs = System.nanoTime();
                if (null != idle && idle.orphanedIfIdle(nowNs))
                {
                    System.out.println("switchboard driver: no clients for " + idleExit.toMillis() + " ms and its " +
                        "directory " + dir + " was deleted; exiting");
                    break;
                }
                exitLock = null == idle ? null : idle.exitLockIfIdle(nowNs);
            }
            if (null != exitLock)
            {
                System.out.println("switchboard driver: no clients for " + idleExit.toMillis() + " ms; exiting");
            }
        }
        catch (final InterruptedException ex)
        {
            interrupted = true; // restored after closing: agent runners refuse to close on an interrupted thread
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
            driver.close();
            IoUtil.delete(dir.toFile(), true);
        }
        catch (final IllegalStateException ignore)
        {
            // JVM shutting down: the hook closes the driver.
        }
        finally
        {
            release(exitLock);
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void release(final FileLock lock)
    {
        if (null != lock)
        {
            try
            {
                lock.channel().close();
            }
            catch (final IOException ignore)
            {
                // The lock goes with the process anyway.
            }
        }
    }

    /**
     * @param args the driver directory, or {@code --aeron-dir <dir> [--idle-exit-ms <ms>]} (as the agent's
     *             {@code driver} command takes them).
     */
    public static void main(final String[] args)
    {
        Path dir = ShmDirectories.root().resolve("switchboard-driver");
        Duration idleExit = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--aeron-dir" -> dir = Paths.get(args[++i]);
                case "--idle-exit-ms" -> idleExit = Duration.ofMillis(Long.parseLong(args[++i]));
                default -> dir = Paths.get(args[i]);
            }
        }
        System.out.println("switchboard media driver at " + dir + " (id " + DriverHandle.idOf(dir) + ")");
        run(dir, TransportConfig.builder().build(), idleExit);
    }
}
