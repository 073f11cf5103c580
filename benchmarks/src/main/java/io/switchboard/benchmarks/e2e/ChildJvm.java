package io.switchboard.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One process started by the harness: its output (stdout and stderr merged) is copied to a log file and
 * kept for {@link #awaitLine}; its pid is appended to the harness's pid file so that {@code run.sh} can
 * kill it even if the harness itself dies; {@link #close()} kills it and its descendants.
 */
final class ChildJvm implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> copy(log), "output-of-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * @param name    for messages and the log file name.
     * @param command the command line.
     * @param workDir where the log file goes.
     * @param pidFile where the pid is appended, or null.
     * @return the running process.
     * @throws IOException when it cannot be started.
     */
    static ChildJvm start(final String name, final List<String> command, final Path workDir, final Path pidFile)
        throws IOException
    {
        final Path log = workDir.resolve(name + ".log");
        Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (null != pidFile)
        {
            Files.writeString(pidFile, process.pid() + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return new ChildJvm(name, process, log);
    }

    private void copy(final Path log)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                out.println(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                out.flush();
                synchronized (lines)
                {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        }
        catch (final IOException ignored)
        {
            // the process was killed: its output ends here
        }
    }

    /**
     * @param match   the line wanted.
     * @param timeout how long to wait.
     * @return the first matching line.
     * @throws IllegalStateException when the process exits or the time runs out first.
     * @throws InterruptedException  when interrupted.
     */
    String awaitLine(final Predicate<String> match, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines)
        {
            while (true)
            {
                for (; seen < lines.size(); seen++)
                {
                    if (match.test(lines.get(seen)))
                    {
                        return lines.get(seen);
                    }
                }
                final long left = deadline - System.nanoTime();
                if (!process.isAlive() && !reader.isAlive())
                {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() +
                        " before it was ready; see its log in the work directory");
                }
                if (left <= 0)
                {
                    throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() +
                        " s; see its log in the work directory");
                }
                lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            }
        }
    }

    /**
     * @param timeout how long it may run.
     * @return every line it printed.
     * @throws IllegalStateException when it does not exit in time (it is then killed) or exits non-zero.
     * @throws InterruptedException  when interrupted.
     */
    List<String> awaitExit(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s and was killed");
        }
        reader.join(5_000);
        if (0 != process.exitValue())
        {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log in the work directory");
        }
        synchronized (lines)
        {
            return List.copyOf(lines);
        }
    }

    /** Kills the process and its descendants: politely, then forcibly after 3 s. */
    @Override
    public void close()
    {
        final List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (final ProcessHandle handle : all)
        {
            try
            {
                handle.onExit().get(3, TimeUnit.SECONDS);
            }
            catch (final Exception notYet)
            {
                handle.destroyForcibly();
            }
        }
    }
}
