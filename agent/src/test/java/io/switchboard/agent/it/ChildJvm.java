package io.switchboard.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Starts a child JVM with the current {@code java}, waits for it with a deadline and always
 * destroys it; stdout and stderr go to files so a chatty child never blocks.
 */
public final class ChildJvm
{
    public static final long TIMEOUT_SECONDS = 60;

    public record Result(int exitCode, String out, String err)
    {
        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private ChildJvm()
    {
    }

    public static Path agentJar()
    {
        final Path jar = Paths.get(System.getProperty("switchboard.test.agent.jar", "target/switchboard-agent.jar"));
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException(jar + " is missing: run `mvn verify` (integration tests need the packaged jar)");
        }
        return jar.toAbsolutePath();
    }

    public static String testClasses()
    {
        return codeSource(TestApp.class);
    }

    public static String codeSource(final Class<?> type)
    {
        try
        {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public static String java()
    {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @param workDir   where the output files go.
     * @param env       extra environment variables (every inherited SWITCHBOARD_* is removed first).
     * @param arguments the JVM's arguments after {@code java}.
     * @return the exit code and output.
     */
    public static Result run(final Path workDir, final Map<String, String> env, final List<String> arguments)
        throws IOException, InterruptedException
    {
        try (Running running = start(workDir, env, arguments))
        {
            running.process.getOutputStream().close();
            return running.await();
        }
    }

    /** A child JVM that is still running; {@link #close()} destroys it. */
    public static final class Running implements AutoCloseable
    {
        public final Process process;
        final Path out;
        final Path err;

        Running(final Process process, final Path out, final Path err)
        {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public String out() throws IOException
        {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        public String err() throws IOException
        {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        public Result await() throws IOException, InterruptedException
        {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new AssertionError("child JVM did not exit within " + TIMEOUT_SECONDS + " s: " + process.info());
            }
            return new Result(process.exitValue(), out(), Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close()
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /**
     * Where the child JVMs of this test run keep their shared media driver (switchboard.driver=shared, the
     * default): private to this run, in /dev/shm where there is one. Tests that kill drivers use their own.
     */
    public static final Path SHARED_DRIVER_BASE = sharedDriverBase();

    private static Path sharedDriverBase()
    {
        final Path shm = Paths.get("/dev/shm");
        final Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
        final Path base = parent.resolve("switchboard-it-" + ProcessHandle.current().pid());
        // The last child's driver would exit after its idle time; this JVM goes first: stop it, remove its files.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeSharedDrivers(base), "remove-shared-drivers"));
        return base;
    }

    /**
     * Stops the shared drivers started under {@code base} (their pids are in {@code driver-*.pid}) and deletes
     * {@code base}, so a test run leaves no driver process and no directory behind.
     *
     * @param base a shared driver base directory of this test run.
     */
    public static void removeSharedDrivers(final Path base)
    {
        if (!Files.isDirectory(base))
        {
            return;
        }
        try (Stream<Path> files = Files.list(base))
        {
            files.filter(file -> file.getFileName().toString().endsWith(".pid")).forEach(ChildJvm::stopDriver);
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort, on the way out
        }
        try (Stream<Path> tree = Files.walk(base))
        {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort, on the way out
        }
    }

    private static void stopDriver(final Path pidFile)
    {
        try
        {
            final long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid)
                .filter(p -> p.info().commandLine().map(line -> line.contains(" driver ")).orElse(false))
                .ifPresent(driver ->
                {
                    driver.destroyForcibly();
                    driver.onExit().completeOnTimeout(driver, 10, TimeUnit.SECONDS).join();
                });
        }
        catch (final IOException | RuntimeException ignore)
        {
            // gone already, or not a driver
        }
    }

    public static Running start(final Path workDir, final Map<String, String> env, final List<String> arguments)
        throws IOException
    {
        return start(workDir, env, UnaryOperator.identity(), arguments);
    }

    /**
     * @param wrapper turns the {@code java ...} command into the one to run (for example inside a network
     *                namespace); it must exec the JVM so that the process started is the JVM
     */
    public static Running start(final Path workDir, final Map<String, String> env,
        final UnaryOperator<List<String>> wrapper, final List<String> arguments) throws IOException
    {
        final List<String> java = new ArrayList<>();
        java.add(java());
        java.add("-Xshare:auto");
        java.addAll(arguments);
        final List<String> command = wrapper.apply(java);
        final Path out = Files.createTempFile(workDir, "out", ".txt");
        final Path err = Files.createTempFile(workDir, "err", ".txt");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        // The default shared media driver of this test run, never the user's own nor another build's.
        builder.environment().put("SWITCHBOARD_DRIVER_SHARED_DIR", SHARED_DRIVER_BASE.toString());
        final String driver = System.getProperty("switchboard.test.driver");
        if (null != driver)
        {
            builder.environment().put("SWITCHBOARD_DRIVER", driver); // run the ITs with another default driver
        }
        builder.environment().putAll(env);
        return new Running(builder.start(), out, err);
    }
}
