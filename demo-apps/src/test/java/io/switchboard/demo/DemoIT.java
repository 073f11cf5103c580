package io.switchboard.demo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's first command as a user would ({@code demo-apps/run.sh --duration 15 --exit}, the
 * jars built earlier in this build), once with the default local registry and once with
 * {@code --registry zookeeper}, and checks its last line: requests were served, no idempotent read
 * failed although an inventory replica was killed with {@code kill -9}, the killed process is gone,
 * and the sample trace read back from Zipkin spans the four services under the storefront's HTTP
 * server span. The JVMs share one media driver (the default), which exits by itself after the last of them.
 * Afterwards nothing the script started may still run, and its temporary and driver directories must be gone.
 */
class DemoIT
{
    private static final Pattern SUMMARY = Pattern.compile("^demo: requests=(\\d+) ok=(\\d+) failed=(\\d+) " +
        "failed_idempotent=(\\d+) killed=(\\d+) trace_services=(\\d+) trace=(http://127\\.0\\.0\\.1:\\d+/zipkin/traces/[0-9a-f]+)$");
    private static final Pattern STARTED = Pattern.compile("^ {2}([a-z0-9-]+) +pid (\\d+) .*$");
    private static final Pattern DRIVER = Pattern.compile("^ {2}driver +pid (\\d+) +the shared media driver in (\\S+) .*$");
    private static final Pattern SAMPLE = Pattern.compile("^demo: sample trace: \\d+ spans from \\d+ services .*, " +
        "root span: (.*): http://.*$");
    // Generous: six JVMs and Zipkin start on a small machine that other builds share.
    private static final long TIMEOUT_MINUTES = 10;

    @TempDir
    Path tmp;

    private Process script;

    @AfterEach
    void killWhatIsLeft()
    {
        if (null != script && script.isAlive())
        {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        processesMentioning(tmp).forEach(ProcessHandle::destroyForcibly);
        if (null != script)
        {
            // The script's own shared driver lives in /dev/shm/switchboard-demo-<user>-<script pid>.
            final Path drivers = Paths.get("/dev/shm", "switchboard-demo-" + System.getProperty("user.name") + "-" +
                script.pid());
            processesMentioning(drivers).forEach(ProcessHandle::destroyForcibly);
            try (Stream<Path> tree = Files.exists(drivers) ? Files.walk(drivers) : Stream.empty())
            {
                tree.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (final IOException | RuntimeException ignore)
            {
                // best effort after a failed run
            }
        }
    }

    @ParameterizedTest(name = "--registry {0}")
    @ValueSource(strings = {"local", "zookeeper"})
    void theDemoServesEveryReadAcrossAKilledReplicaAndShowsOneTraceOverFourServices(final String registry) throws Exception
    {
        final Path root = Paths.get(System.getProperty("switchboard.demo.root", "..")).toRealPath();
        final Path out = tmp.resolve("demo.out");
        final Path err = tmp.resolve("demo.err");
        final ProcessBuilder builder = new ProcessBuilder("bash", "demo-apps/run.sh", "--duration", "15", "--registry", registry,
            "--exit")
            .directory(root.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("TMPDIR", tmp.toString());
        // The build has just made the jars; the script must not start a nested Maven build.
        builder.environment().put("SWITCHBOARD_DEMO_NO_BUILD", "1");
        script = builder.start();

        final boolean exited = script.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        final List<String> lines = Files.readAllLines(out);
        final String transcript = String.join("\n", lines) + "\n--- stderr\n" + Files.readString(err);
        System.out.println(transcript);
        assertThat(exited).as("run.sh finished within %d minutes\n%s", TIMEOUT_MINUTES, transcript).isTrue();
        assertThat(script.exitValue()).as(transcript).isZero();

        final Matcher summary = SUMMARY.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        assertThat(summary.matches()).as("the last line is the summary\n%s", transcript).isTrue();
        assertThat(Long.parseLong(summary.group(1))).as("requests").isPositive();
        assertThat(Long.parseLong(summary.group(2))).as("ok").isPositive();
        assertThat(summary.group(4)).as("failed_idempotent\n%s", transcript).isEqualTo("0");
        assertThat(Integer.parseInt(summary.group(6))).as("trace_services\n%s", transcript).isGreaterThanOrEqualTo(4);

        assertThat(lines.stream().map(SAMPLE::matcher).filter(Matcher::matches).map(m -> m.group(1)))
            .as("the sample trace's root is the OpenTelemetry Java agent's span around the storefront's HTTP request\n%s",
                transcript)
            .singleElement().asString().startsWith("storefront SERVER ");

        final List<Long> started = new ArrayList<>();
        long firstInventory = 0;
        for (final String line : lines)
        {
            final Matcher process = STARTED.matcher(line);
            if (process.matches())
            {
                started.add(Long.parseLong(process.group(2)));
                firstInventory = "inventory-1".equals(process.group(1)) ? Long.parseLong(process.group(2)) : firstInventory;
            }
        }
        assertThat(started).as("zipkin, the shared media driver, two inventory replicas, pricing, orders, storefront " +
                "(and zookeeper)\n%s", transcript)
            .hasSize("zookeeper".equals(registry) ? 8 : 7);
        final Matcher driver = lines.stream().map(DRIVER::matcher).filter(Matcher::matches).findFirst().orElseThrow(() ->
            new AssertionError("no line names the shared media driver\n" + transcript));
        assertThat(transcript).as("the demo's JVMs shared one media driver, which exited by itself after they left")
            .contains("demo: the shared media driver (pid " + driver.group(1) + ") exited by itself");
        assertThat(Paths.get(driver.group(2))).as("the shared driver's directory was removed").doesNotExist();
        final long killed = Long.parseLong(summary.group(5));
        assertThat(killed).as("the killed process is an inventory replica").isEqualTo(firstInventory);
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive)).as("killed pid %d", killed)
            .isNotEqualTo(java.util.Optional.of(true));

        for (final long pid : started)
        {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d was stopped", pid).isEmpty();
            assertThat(shmDirectoriesOf(pid)).as("Aeron directories of %d in /dev/shm", pid).isEmpty();
        }
        assertThat(processesMentioning(tmp)).as("processes started with the script's work directory").isEmpty();
        try (Stream<Path> left = Files.list(tmp))
        {
            assertThat(left.map(p -> p.getFileName().toString())).as("the work directory was removed")
                .containsOnly("demo.out", "demo.err");
        }
    }

    private static List<ProcessHandle> processesMentioning(final Path dir)
    {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
            .filter(p -> p.pid() != ProcessHandle.current().pid())
            .toList();
    }

    private static List<String> shmDirectoriesOf(final long pid) throws IOException
    {
        final File shm = new File("/dev/shm");
        if (!shm.isDirectory())
        {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(shm.toPath()))
        {
            return entries.map(p -> p.getFileName().toString())
                .filter(name -> name.startsWith("switchboard-") && name.contains("-" + pid + "-"))
                .toList();
        }
    }
}
