package io.switchboard.transport.aeron.driver;

import io.aeron.CommonContext;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.IoUtil;

/**
 * The media driver the processes of one user and one network namespace on a host share, in a well-known
 * directory {@code <base>/driver-net<inode>}. The first process to need it starts it as a separate
 * detached process ({@link Settings#launchCommand()}); later ones attach. A file lock
 * ({@code driver-net<inode>.lock}) makes two processes starting at once start one driver, and is what
 * the driver takes before it exits for want of clients ({@link StandaloneDriver}). A directory whose
 * driver stopped updating its heartbeat is stale: its process, if it still exists, is killed, and a new
 * driver replaces it.
 */
public final class SharedDriver
{
    private static final Object IN_THIS_JVM = new Object(); // FileChannel locks are per JVM, not per thread

    /**
     * Where the shared driver lives and how to start it.
     *
     * @param baseDir       parent of the driver directory, lock, pid and log files (e.g. /dev/shm/switchboard-me).
     * @param idleExit      how long a started driver runs without clients before it exits.
     * @param launchCommand the command that runs a driver, to which {@code --aeron-dir <dir> --idle-exit-ms <ms>}
     *                      is appended, e.g. {@code java -jar switchboard-agent.jar driver}.
     */
    public record Settings(Path baseDir, Duration idleExit, List<String> launchCommand)
    {
        /**
         * Validates and copies.
         */
        public Settings
        {
            Objects.requireNonNull(baseDir, "baseDir");
            Objects.requireNonNull(idleExit, "idleExit");
            launchCommand = List.copyOf(launchCommand);
            if (launchCommand.isEmpty())
            {
                throw new IllegalArgumentException("launchCommand must name a program");
            }
        }

        /** @return the driver directory for this process's network namespace. */
        public Path driverDir()
        {
            return baseDir.resolve("driver-" + NetworkNamespace.id());
        }
    }

    /**
     * What {@link #attach} found.
     *
     * @param dir         the running driver's directory.
     * @param pid         the driver's process id, or -1 when not known.
     * @param description one line for the log: attached, started or replaced, and where.
     */
    public record Attachment(Path dir, long pid, String description)
    {
    }

    private SharedDriver()
    {
    }

    /**
     * Makes sure the shared driver runs (starting or replacing it under the lock), then marks an attach in
     * progress so the driver does not exit before this process's client registers.
     *
     * @param settings   where and how.
     * @param staleAfter heartbeat age after which a driver counts as dead.
     * @param timeout    how long to wait for a started driver.
     * @return the driver found or started.
     * @throws IllegalStateException when no driver could be started, naming the log file to read.
     */
    public static Attachment attach(final Settings settings, final Duration staleAfter, final Duration timeout)
    {
        final Path dir = settings.driverDir().toAbsolutePath();
        synchronized (IN_THIS_JVM)
        {
            try
            {
                createOwnerOnly(dir.getParent());
                try (FileChannel channel = FileChannel.open(lockFile(dir), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock())
                {
                    // Touching the lock file tells an idle driver that a client is on its way (see StandaloneDriver).
                    channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(
                        StandardCharsets.US_ASCII)), 0);
                    channel.force(true);
                    final long knownPid = readPid(dir);
                    if (isActive(dir, staleAfter) && (knownPid <= 0 || isAlive(knownPid)))
                    {
                        final long pid = knownPid;
                        return new Attachment(dir, pid, "attached to the shared media driver at " + dir +
                            " (pid " + pid + ")");
                    }
                    final String replaced = replaceStale(dir);
                    final long startNs = System.nanoTime();
                    final Process process = launch(settings, dir);
                    awaitActive(process, dir, staleAfter, timeout);
                    Files.writeString(pidFile(dir), Long.toString(process.pid()));
                    return new Attachment(dir, process.pid(), (null == replaced ? "started" : replaced + "; started") +
                        " the shared media driver at " + dir + " (pid " + process.pid() + ", ready in " +
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms; it exits " +
                        settings.idleExit().toMillis() + " ms after its last client, log " + logFile(dir) + ")");
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot use the shared media driver directory " + dir + ": " + ex +
                    "; check that " + dir.getParent() + " is writable, or set switchboard.driver=embedded", ex);
            }
        }
    }

    // The base is per user: rwx------ when this process creates it, so no other user attaches to the driver.
    private static void createOwnerOnly(final Path base) throws IOException
    {
        if (Files.isDirectory(base))
        {
            return;
        }
        Files.createDirectories(base.getParent());
        try
        {
            Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createDirectories(base);
        }
        catch (final FileAlreadyExistsException ex)
        {
            if (!Files.isDirectory(base))
            {
                throw ex;
            }
        }
    }

    /**
     * @param dir        a driver directory.
     * @param staleAfter heartbeat age after which the driver counts as dead.
     * @return true when a driver runs there and updated its heartbeat within {@code staleAfter}.
     */
    public static boolean isActive(final Path dir, final Duration staleAfter)
    {
        final File cnc = dir.resolve("cnc.dat").toFile();
        if (!cnc.isFile() || cnc.length() == 0)
        {
            return false;
        }
        try
        {
            return CommonContext.isDriverActive(dir.toFile(), staleAfter.toMillis(), message -> {});
        }
        catch (final RuntimeException ex)
        {
            return false; // a half-written or foreign cnc.dat is no driver to attach to
        }
    }

    /**
     * @param dir a shared driver directory.
     * @return the file whose lock serialises starting, replacing and idle exit of that driver.
     */
    public static Path lockFile(final Path dir)
    {
        return dir.resolveSibling(dir.getFileName() + ".lock");
    }

    /**
     * @param dir a shared driver directory.
     * @return the file holding the driver's process id.
     */
    public static Path pidFile(final Path dir)
    {
        return dir.resolveSibling(dir.getFileName() + ".pid");
    }

    /**
     * @param dir a shared driver directory.
     * @return where a started driver's output goes.
     */
    public static Path logFile(final Path dir)
    {
        return dir.resolveSibling(dir.getFileName() + ".log");
    }

    /**
     * @param dir a shared driver directory.
     * @return the pid written by the process that started the driver, or -1.
     */
    public static long readPid(final Path dir)
    {
        try
        {
            return Long.parseLong(Files.readString(pidFile(dir)).trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
    }

    // Under the lock, with no live heartbeat: whatever is there is dead or hung; clear it away.
    private static String replaceStale(final Path dir)
    {
        final boolean hadCnc = Files.exists(dir.resolve("cnc.dat"));
        final long pid = readPid(dir);
        String what = null;
        if (pid > 0)
        {
            final ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (null != process && process.isAlive() && isDriverProcess(process))
            {
                process.destroyForcibly(); // alive but silent: stopped or hung; its clients have given up on it
                what = "killed the hung shared media driver (pid " + pid + ", no heartbeat)";
            }
            else if (hadCnc)
            {
                what = "replaced the stale directory of a dead shared media driver (pid " + pid + ")";
            }
        }
        else if (hadCnc)
        {
            what = "replaced a stale shared media driver directory (no heartbeat)";
        }
        IoUtil.delete(dir.toFile(), true);
        try
        {
            Files.deleteIfExists(pidFile(dir));
        }
        catch (final IOException ignore)
        {
            // Overwritten when the new driver is up.
        }
        return what;
    }

    private static boolean isAlive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean isDriverProcess(final ProcessHandle process)
    {
        return process.info().commandLine().map(line -> line.contains("driver")).orElse(true);
    }

    private static Process launch(final Settings settings, final Path dir) throws IOException
    {
        final List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute())
        {
            command.add("/usr/bin/setsid"); // own session: Ctrl-C or a hang-up of the first agent's terminal spares it
        }
        command.addAll(settings.launchCommand());
        command.add("--aeron-dir");
        command.add(dir.toString());
        command.add("--idle-exit-ms");
        command.add(Long.toString(Math.max(1, settings.idleExit().toMillis())));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(dir).toFile()));
        // The driver must not load an agent itself (which would look for this very driver).
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    private static void awaitActive(final Process process, final Path dir, final Duration staleAfter,
        final Duration timeout)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!isActive(dir, staleAfter))
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("the shared media driver for " + dir + " exited at start (status " +
                    process.exitValue() + "); see " + logFile(dir) + ", or set switchboard.driver=embedded");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                process.destroyForcibly();
                throw new IllegalStateException("the shared media driver for " + dir + " was not ready within " +
                    timeout.toMillis() + " ms; see " + logFile(dir) + ", or set switchboard.driver=embedded");
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }
}
