package io.switchboard.transport.aeron.driver;

import io.aeron.driver.MediaDriver;
import io.switchboard.transport.aeron.TransportConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import org.agrona.IoUtil;

/**
 * A shared media driver in its own process, for {@code java -jar switchboard-agent.jar driver <dir>}:
 * transports configured with {@code driverDir=<dir>} attach to it and talk over IPC.
 */
public final class StandaloneDriver
{
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
        final CountDownLatch stopped = new CountDownLatch(1);
        final MediaDriver driver = MediaDriver.launch(DriverTuning.context(dir.toAbsolutePath(), config, null));
        final Thread hook = new Thread(driver::close, "switchboard-driver-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try
        {
            stopped.await();
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
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param args the driver directory.
     */
    public static void main(final String[] args)
    {
        final Path dir = args.length > 0 ? Paths.get(args[0]) : ShmDirectories.root().resolve("switchboard-driver");
        System.out.println("switchboard media driver at " + dir + " (id " + DriverHandle.idOf(dir) + ")");
        run(dir);
    }
}
