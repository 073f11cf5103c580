package io.switchboard.transport.aeron.multijvm;

import io.switchboard.transport.aeron.driver.AgronaRequirements;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started with the test class path and the export Agrona needs; stdout lines are queued.
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    ChildJvm(final Class<?> mainClass, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AgronaRequirements.JVM_FLAG);
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    lines.add(line);
                }
            }
            catch (final Exception ignore)
            {
                // Child gone.
            }
        }, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @return the rest of the first line starting with {@code prefix + " "}.
     */
    String awaitLine(final String prefix, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final long left = deadline - System.nanoTime();
            final String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (null == line)
            {
                throw new IllegalStateException("child " + process.pid() + " printed no '" + prefix + "' line in time" +
                    (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
            }
            if (line.startsWith(prefix + " "))
            {
                return line.substring(prefix.length() + 1);
            }
        }
    }

    long pid()
    {
        return process.pid();
    }

    Process process()
    {
        return process;
    }

    void kill()
    {
        process.destroyForcibly();
    }

    public void close() throws Exception
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
