package io.switchboard.agent.it.chaos;

import io.aeron.CncFileDescriptor;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.transport.aeron.driver.SharedDriver;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code switchboard.driver=shared} with real JVMs: the agents of one
 * host start one driver process in a private base directory (never the user's real one), attach to it, talk
 * over {@code aeron:ipc}, and the driver exits after its last client; a stale directory is replaced; a killed
 * driver is replaced and every agent re-attaches, serving on the same endpoint; a provider paused past the
 * driver's client timeout re-attaches when resumed. Every driver started here is killed by pid afterwards.
 */
class SharedDriverIT
{
    private static final String IDLE_MS = "1500";
    private static final String CONSUMER_ARGS = "timeout.ms=3000";

    @TempDir
    Path workDir;

    private ChaosCluster cluster;
    private Path base;
    private Path driverDir;
    private final List<Long> driverPids = new ArrayList<>();

    @BeforeEach
    void cluster() throws Exception
    {
        cluster = new ChaosCluster(workDir);
        base = Files.createDirectories(workDir.resolve("drivers"));
        driverDir = base.resolve("driver-net" + Files.readSymbolicLink(Paths.get("/proc/self/ns/net")).toString()
            .replaceAll("[^0-9]", ""));
    }

    @AfterEach
    void killEverything()
    {
        cluster.close();
        recordDriverPid();
        for (final long pid : driverPids)
        {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    // The shared driver is the default: only where it lives (this test's own) and how soon it exits.
    private String shared()
    {
        return "driver.shared.dir=" + base + ",driver.idle.ms=" + IDLE_MS;
    }

    @Test
    void twoAgentsShareOneStartedDriverTalkOverIpcAndTheDriverExitsAfterTheLastLeft() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        final long driverPid = recordDriverPid();

        assertThat(providers.get(0).err()).as("the first agent started the driver")
            .contains("switchboard: transport: started the shared media driver at " + driverDir + " (pid " + driverPid);
        assertThat(load.jvm.err()).as("the consumer attached to it and, healthy, says nothing about it")
            .doesNotContain("switchboard: transport:");
        final List<String> counters = counterLabels(driverDir);
        assertThat(counters).as("the consumer's requests travel on an IPC publication of the shared driver (as " +
            "AeronStat shows)")
            .anyMatch(label -> label.startsWith("pub-pos") && label.contains("aeron:ipc"));
        assertThat(counters).as("no network publication: nothing was sent over UDP").noneMatch(label -> label.startsWith("snd-pos"));

        final ChaosCluster.Results results = load.stop();
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(results.count("load.calls")).isPositive();
        ChaosCluster.stopGracefully(providers);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> !ProcessHandle.of(driverPid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(driverDir).as("the driver deleted its directory on the way out").doesNotExist();
    }

    @Test
    void aStaleDriverDirectoryIsReplacedByANewDriver() throws Exception
    {
        // A driver started in the well-known directory (its pid recorded as an agent records it), then killed:
        // its cnc.dat stays, its heartbeat stops.
        final ChildJvm.Running dead = ChildJvm.start(workDir, Map.of(), List.of(
            "-jar", ChildJvm.agentJar().toString(), "driver", "--aeron-dir", driverDir.toString()));
        driverPids.add(dead.process.pid());
        Files.writeString(base.resolve(driverDir.getFileName() + ".pid"), String.valueOf(dead.process.pid()));
        await().atMost(E2e.STARTUP).until(() -> SharedDriver.isActive(driverDir, Duration.ofSeconds(10)));
        ChaosCluster.signal(dead, "KILL");
        ChaosCluster.awaitExit(dead);
        assertThat(driverDir.resolve("cnc.dat")).exists();

        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final long driverPid = recordDriverPid();
        assertThat(driverPid).isNotEqualTo(dead.process.pid());
        assertThat(providers.get(0).err()).as("the agent says it replaced the stale directory")
            .contains("switchboard: transport: replaced the stale directory of a dead shared media driver (pid " +
                dead.process.pid() + "); started the shared media driver at " + driverDir + " (pid " + driverPid);

        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        load.awaitOutput("seen steady ok");
        final ChaosCluster.Results results = load.stop();
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(results.get("steady.pids")).isEqualTo("[" + providers.get(0).process.pid() + "]");
    }

    @Test
    void whenTheSharedDriverIsKilledEveryAgentReattachesToANewOneAndCallsResumeOnTheSameEndpoint() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final ChildJvm.Running provider = providers.get(0);
        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        final long driverPid = recordDriverPid();
        final List<String> recordsBefore = registryRecords();
        load.awaitOutput("seen steady ok");

        load.phase("kill"); // calls in flight when the driver dies fail: they belong to this phase
        final Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(driverPid)).start();
        assertThat(kill.waitFor()).isZero();
        final long killedNs = System.nanoTime();
        load.phase("recovery");
        for (final ChildJvm.Running agent : List.of(provider, load.jvm))
        {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> agent.err().contains("switchboard: transport: re-attached to the media driver at " + driverDir));
            assertThat(agent.err()).as("pid %s says once that it lost the driver, and what to do", agent.process.pid())
                .containsOnlyOnce("lost its media driver at " + driverDir)
                .contains("set switchboard.driver=embedded");
            System.out.println("SharedDriverIT: pid " + agent.process.pid() + ": " + agent.err().lines()
                .filter(line -> line.contains("re-attached")).findFirst().orElse(""));
        }
        // Calls may even succeed for a moment after the kill (IPC needs no driver per message): the figure is the
        // first call sent after both agents re-attached.
        load.phase("after");
        load.awaitOutput("seen after ok");
        System.out.println("SharedDriverIT: first successful call on the new driver within " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs) + " ms of kill -9 of the shared driver");
        final long newDriverPid = recordDriverPid();
        assertThat(newDriverPid).as("a new driver runs").isNotEqualTo(driverPid).isPositive();

        final ChaosCluster.Results results = load.stop();
        System.out.println("SharedDriverIT: " + results.failures().size() + " calls failed around the kill, e.g. " +
            results.failures().stream().limit(2).toList() + "; calls: " + results.count("load.calls"));
        assertThat(results.count("after.failed")).as("failed calls after recovery: %s", results.failures()).isZero();
        assertThat(results.get("after.pids")).as("the same provider serves again").isEqualTo("[" + provider.process.pid() + "]");
        assertThat(results.count("steady.failed")).as("failed calls before the kill: %s", results.failures()).isZero();
        assertThat(results.failures()).as("only calls in flight or sent while re-attaching failed, and they say why")
            .allMatch(line -> line.startsWith("kill") || line.startsWith("recovery"));
        assertThat(registryRecords()).as("the provider was not re-registered: its endpoint did not change")
            .isEqualTo(recordsBefore);
        assertThat(provider.process.isAlive()).as("the application keeps running").isTrue();
    }

    @Test
    void aProviderPausedPastTheClientTimeoutReattachesWhenResumedAndServesAgain() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final ChildJvm.Running provider = providers.get(0);
        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        recordDriverPid();
        load.awaitOutput("seen steady ok");

        ChaosCluster.signal(provider, "STOP");
        try
        {
            // The experiment itself: paused for twice the standalone driver's client timeout (2 s).
            Thread.sleep(4_000);
        }
        finally
        {
            ChaosCluster.signal(provider, "CONT");
        }
        final long resumedNs = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
            .until(() -> provider.err().contains("switchboard: transport: re-attached to the media driver at " + driverDir));
        System.out.println("SharedDriverIT: provider re-attached " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumedNs) + " ms after SIGCONT");
        assertThat(provider.err()).as("the provider says once that it lost its client").containsOnlyOnce(
            "lost its media driver at " + driverDir);
        assertThat(load.jvm.err()).as("the consumer kept its own client").doesNotContain("lost its media driver");

        load.phase("after");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
            .until(() -> load.jvm.out().contains("seen after ok"));
        final ChaosCluster.Results results = load.stop();
        assertThat(results.get("after.pids")).as("the resumed provider serves again").contains(
            String.valueOf(provider.process.pid()));
        assertThat(provider.process.isAlive()).isTrue();
    }

    private List<String> registryRecords() throws IOException
    {
        try (java.util.stream.Stream<Path> files = Files.walk(cluster.registryDir))
        {
            return files.filter(Files::isRegularFile).sorted().map(file ->
            {
                try
                {
                    return file.getFileName() + ": " + Files.readAllLines(file).stream()
                        .filter(line -> line.startsWith("endpoint")).toList();
                }
                catch (final IOException ex)
                {
                    return file + ": unreadable";
                }
            }).toList();
        }
    }

    private long recordDriverPid()
    {
        final Path pidFile = base.resolve(driverDir.getFileName() + ".pid");
        try
        {
            final long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (!driverPids.contains(pid))
            {
                driverPids.add(pid);
            }
            return pid;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
    }

    /** Reads the counters of a running driver from its CnC file without becoming one of its clients. */
    private static List<String> counterLabels(final Path dir)
    {
        final MappedByteBuffer cnc = IoUtil.mapExistingFile(dir.resolve("cnc.dat").toFile(), "cnc");
        try
        {
            final DirectBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
                CncFileDescriptor.createCountersValuesBuffer(cnc, meta));
            final List<String> labels = new ArrayList<>();
            counters.forEach((id, typeId, key, label) -> labels.add(label));
            return labels;
        }
        finally
        {
            IoUtil.unmap(cnc);
        }
    }
}
