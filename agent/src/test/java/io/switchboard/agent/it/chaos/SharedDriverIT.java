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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code switchboard.driver=shared} with real JVMs: the agents of one host start one driver process in a
 * private base directory (never the user's real one), attach to it, talk over {@code aeron:ipc}, and the
 * driver exits after its last client; a stale directory is replaced; a killed driver is reported and
 * calls fail at once with an error that says so. Every driver started here is killed by pid afterwards.
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

    private String shared()
    {
        return "driver=shared,driver.shared.dir=" + base + ",driver.idle.ms=" + IDLE_MS;
    }

    @Test
    void twoAgentsShareOneStartedDriverTalkOverIpcAndTheDriverExitsAfterTheLastLeft() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        final long driverPid = recordDriverPid();

        assertThat(providers.get(0).err()).as("the first agent started the driver")
            .contains("switchboard: transport: started the shared media driver at " + driverDir + " (pid " + driverPid);
        assertThat(load.jvm.err()).as("the second attached to it")
            .contains("switchboard: transport: attached to the shared media driver at " + driverDir + " (pid " + driverPid + ")");
        final List<String> counters = counterLabels(driverDir);
        assertThat(counters).as("the consumer's requests travel on an IPC publication of the shared driver")
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
    void whenTheSharedDriverIsKilledEachAgentSaysSoAndCallsFailAtOnceWithThatReason() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers(shared());
        final ChaosCluster.Load load = cluster.startLoad(CONSUMER_ARGS + "," + shared(), "idempotent", "2", "10", "0", "900");
        final long driverPid = recordDriverPid();

        load.phase("disruption");
        final Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(driverPid)).start();
        assertThat(kill.waitFor()).isZero();
        for (final ChildJvm.Running agent : List.of(providers.get(0), load.jvm))
        {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> agent.err().contains("is gone for this process"));
            assertThat(agent.err()).as("pid %s reports the lost driver", agent.process.pid())
                .contains("the Aeron media driver at " + driverDir + " is gone for this process");
        }
        load.phase("after");
        load.awaitOutput("seen after ");
        final ChaosCluster.Results results = load.stop();
        assertThat(results.failures()).as("calls after the loss fail, and say why")
            .anyMatch(line -> line.contains("the Aeron media driver at " + driverDir + " is gone for this process"));
        assertThat(results.get("after.pids")).as("no call succeeds once the driver is gone").isEqualTo("[]");
        assertThat(providers.get(0).process.isAlive()).as("the application keeps running").isTrue();
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
