package io.switchboard.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The end-to-end harness: runs each scenario in separate JVMs (server or provider, client, and a shared
 * media driver for IPC), each with a timeout and killed at the end even on failure, prints one result
 * line per scenario, payload and rate, and writes {@code latest.md} and {@code latest.png}.
 * <p>
 * {@code java -jar benchmarks.jar} is JMH; run this with {@code java -cp benchmarks/target/benchmarks.jar
 * io.switchboard.benchmarks.e2e.Harness [--quick] --agent agent/target/switchboard-agent.jar
 * --results benchmarks/results --work <dir> [--pids <file>] [--only a,b] [--payloads 64,1024] [--rates 500,max]}
 * ({@code benchmarks/run.sh} does). Quick mode: 64 B and 1 KiB, 500 req/s and max, 5 s warm-up, 3 s per rate, no busy-spin
 * or {@code -lowlat} scenario (those run with {@code --only}); full mode: 64 B, 1 KiB and 64 KiB, 500 and 2000 req/s and max, 10 s per rate.
 */
public final class Harness
{
    static final String ECHO = "io.switchboard.benchmarks.e2e.Echo";

    private final Path agentJar;
    private final Path benchmarksJar;
    private final Path work;
    private final Path pids;
    private final String java;
    private final String plan;
    private final int clientTimeoutSec;

    private Harness(final Map<String, String> options, final boolean quick) throws Exception
    {
        this.agentJar = Path.of(options.getOrDefault("agent", "agent/target/switchboard-agent.jar")).toAbsolutePath();
        this.work = Files.createDirectories(Path.of(options.getOrDefault("work", "benchmarks/target/e2e")).toAbsolutePath());
        this.benchmarksJar = withoutAgentClasses(
            Path.of(Harness.class.getProtectionDomain().getCodeSource().getLocation().toURI()), work.resolve("benchmarks-app.jar"));
        this.pids = options.containsKey("pids") ? Path.of(options.get("pids")) : null;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String payloads = options.getOrDefault("payloads", quick ? "64,1024" : "64,1024,65536");
        final String rates = options.getOrDefault("rates", quick ? "500,max" : "500,2000,max");
        final int warmup = quick ? 5 : 10;
        final int measure = quick ? 3 : 10;
        this.plan = String.join(" ", "--payloads", payloads, "--rates", rates,
            "--warmup-s", String.valueOf(warmup), "--measure-s", String.valueOf(measure));
        this.clientTimeoutSec = payloads.split(",").length * (warmup + rates.split(",").length * (measure + 5) + 10) + 60;
    }

    /**
     * @param args see the class comment.
     * @throws Exception when the results cannot be written; scenario failures are reported and skipped.
     */
    public static void main(final String[] args) throws Exception
    {
        // XChart draws with AWT: without a display it must not look for one.
        System.setProperty("java.awt.headless", "true");
        final Map<String, String> options = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++)
        {
            if ("--quick".equals(args[i]))
            {
                quick = true;
            }
            else if (args[i].startsWith("--") && i + 1 < args.length)
            {
                options.put(args[i].substring(2), args[++i]);
            }
            else
            {
                throw new IllegalArgumentException("unexpected argument \"" + args[i] + "\"");
            }
        }
        final Harness harness = new Harness(options, quick);
        final Path results = Files.createDirectories(Path.of(options.getOrDefault("results", "benchmarks/results")));
        final List<String> only = options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
        final double loadBefore = load();
        final Instant started = Instant.now();
        final List<ScenarioResult> all = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        for (final String scenario : Report.SCENARIOS)
        {
            if (only.isEmpty() ? quick && (scenario.endsWith("-busy") || scenario.endsWith("-lowlat")) : !only.contains(scenario))
            {
                continue;
            }
            try
            {
                final List<ScenarioResult> measured = harness.run(scenario);
                measured.forEach(r -> System.out.println(r.line()));
                all.addAll(measured);
            }
            catch (final Exception ex)
            {
                final String failure = scenario + ": " + ex.getMessage();
                failures.add(failure);
                System.out.println("# scenario failed: " + failure);
            }
            System.out.flush();
        }
        final String machine = String.format(Locale.ROOT,
            "%d cores (%s, %s %s), load average %.2f before and %.2f after the run, %s mode, %s",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
            System.getProperty("java.version"), loadBefore, load(), quick ? "quick" : "full",
            started.toString().substring(0, 16).replace('T', ' ') + " UTC");
        Files.writeString(results.resolve("latest.md"), Report.markdown(all, machine, failures, harness.plan));
        Report.png(all, results.resolve("latest.png"));
        System.out.println("# wrote " + results.resolve("latest.md") + " and " + results.resolve("latest.png") +
            " (machine: " + machine + ")");
        if (!failures.isEmpty())
        {
            System.exit(1);
        }
    }

    private static double load()
    {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private List<ScenarioResult> run(final String scenario) throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm") :
            work, "sb-bench-" + scenario + "-");
        final List<ChildJvm> children = new ArrayList<>();
        try
        {
            final String sharedDriver = dir.resolve("driver").toString();
            final String registry = Files.createDirectories(work.resolve("registry-" + scenario)).toString();
            final ChildJvm client;
            switch (scenario)
            {
                case "aeron-echo-udp", "aeron-echo-udp-busy" ->
                {
                    final String idle = scenario.endsWith("busy") ? "busy" : "backoff";
                    final int requestPort = freeUdpPort();
                    final int replyPort = freeUdpPort();
                    final String udp = "--channel udp --idle " + idle + " --request-port " + requestPort + " --reply-port " + replyPort;
                    start(children, scenario + "-server", jvm(null), AeronEcho.class,
                        "--role server --aeron-dir " + dir.resolve("server") + " " + udp)
                        .awaitLine(l -> l.startsWith("aeron echo server ready"), Duration.ofSeconds(60));
                    client = start(children, scenario + "-client", jvm(null), AeronEcho.class,
                        "--role client --aeron-dir " + dir.resolve("client") + " " + udp + " --scenario " + scenario + " " + plan);
                }
                case "aeron-echo-ipc" ->
                {
                    startDriver(children, scenario, sharedDriver);
                    final String ipc = "--channel ipc --aeron-dir " + sharedDriver;
                    start(children, scenario + "-server", jvm(null), AeronEcho.class, "--role server " + ipc)
                        .awaitLine(l -> l.startsWith("aeron echo server ready"), Duration.ofSeconds(60));
                    client = start(children, scenario + "-client", jvm(null), AeronEcho.class,
                        "--role client " + ipc + " --scenario " + scenario + " " + plan);
                }
                case "switchboard-sync-udp", "switchboard-sync-ipc", "switchboard-async-ipc",
                    "switchboard-sync-udp-lowlat", "switchboard-sync-ipc-lowlat" ->
                {
                    String agentArgs = "registry.dir=" + registry;
                    if (scenario.endsWith("-lowlat"))
                    {
                        agentArgs += ",profile=low-latency";
                    }
                    if (scenario.contains("-ipc"))
                    {
                        startDriver(children, scenario, sharedDriver);
                        agentArgs += ",aeron.dir=" + sharedDriver;
                    }
                    else
                    {
                        agentArgs += ",driver=embedded"; // each its own driver: over UDP, not the default shared one
                    }
                    start(children, scenario + "-provider", jvm("provide=" + ECHO + "," + agentArgs), EchoProviderMain.class, "")
                        .awaitLine(l -> l.startsWith("echo provider ready"), Duration.ofSeconds(60));
                    final String mode = scenario.startsWith("switchboard-async") ? "async" : "sync";
                    client = start(children, scenario + "-client", jvm(agentArgs), SwitchboardEchoClient.class,
                        "--mode " + mode + " --scenario " + scenario + " " + plan);
                }
                case "grpc-unary-blocking", "grpc-unary-async" ->
                {
                    final String ready = start(children, scenario + "-server", jvm(null), GrpcEcho.class, "--role server")
                        .awaitLine(l -> l.startsWith("grpc echo server ready port="), Duration.ofSeconds(60));
                    final String port = ready.substring(ready.indexOf("port=") + 5).trim();
                    final String mode = scenario.endsWith("async") ? "async" : "blocking";
                    client = start(children, scenario + "-client", jvm(null), GrpcEcho.class,
                        "--role client --port " + port + " --mode " + mode + " --scenario " + scenario + " " + plan);
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            final List<ScenarioResult> results = client.awaitExit(Duration.ofSeconds(clientTimeoutSec)).stream()
                .filter(ScenarioResult::isHistogramLine)
                .map(ScenarioResult::parseHistogramLine)
                .collect(Collectors.toList());
            if (results.isEmpty())
            {
                throw new IllegalStateException(scenario + " client printed no results; see " + work);
            }
            return results;
        }
        finally
        {
            for (int i = children.size() - 1; i >= 0; i--)
            {
                children.get(i).close();
            }
            deleteTree(dir);
        }
    }

    private void startDriver(final List<ChildJvm> children, final String scenario, final String dir) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(java, "-Xmx128m",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-jar", agentJar.toString(), "driver", "--aeron-dir", dir));
        final ChildJvm driver = ChildJvm.start(scenario + "-driver", command, work, pids);
        children.add(driver);
        driver.awaitLine(l -> l.contains("media driver running"), Duration.ofSeconds(60));
        // The command prints its line before the driver has created its CnC file, and an agent given aeron.dir
        // gives up at once when the file is missing: wait for it.
        final Path cnc = Path.of(dir, "cnc.dat");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(cnc))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the standalone driver of " + scenario + " created no " + cnc + " within 30 s");
            }
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }

    private List<String> jvm(final String agentArgs)
    {
        final List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx256m", "-Djava.awt.headless=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        if (null != agentArgs)
        {
            command.add("-javaagent:" + agentJar + "=" + agentArgs);
        }
        return command;
    }

    private ChildJvm start(final List<ChildJvm> children, final String name, final List<String> jvm, final Class<?> main,
        final String args) throws IOException
    {
        final List<String> command = new ArrayList<>(jvm);
        command.add("-cp");
        command.add(benchmarksJar.toString());
        command.add(main.getName());
        for (final String arg : args.trim().split(" +"))
        {
            if (!arg.isEmpty())
            {
                command.add(arg);
            }
        }
        final ChildJvm child = ChildJvm.start(name, command, work, pids);
        children.add(child);
        return child;
    }

    /**
     * benchmarks.jar also holds the agent's classes (for the JMH benchmarks of the call path); on a child's
     * class path they shadow the agent's isolated copies and nothing gets instrumented (calls then run locally).
     * The children get a copy without them.
     */
    private static Path withoutAgentClasses(final Path jar, final Path copy) throws IOException
    {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
            ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy)))
        {
            for (ZipEntry entry = in.getNextEntry(); null != entry; entry = in.getNextEntry())
            {
                if (!entry.getName().startsWith("io/switchboard/agent/"))
                {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return copy;
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(final Path dir)
    {
        try (var paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException | RuntimeException ignored)
        {
            // already gone (the drivers delete their directories on exit)
        }
    }
}
