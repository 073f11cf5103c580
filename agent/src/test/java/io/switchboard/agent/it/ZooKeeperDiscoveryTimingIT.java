package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ProviderRecordCodec;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures, without asserting it, the time from a provider's registration (the creation time ZooKeeper
 * stamps on its node; server and JVMs share this host's clock) to a running consumer's first successful
 * call to it, over several providers started one after another. Asserts only that every provider is
 * reached.
 */
class ZooKeeperDiscoveryTimingIT
{
    private static final int SAMPLES = 5;
    private static final String SERVICE_NODE = "/switchboard/services/" + Greeting.class.getName() + "%40";

    @TempDir
    Path workDir;

    @Test
    void aRunningConsumerReachesEachNewProviderAndTheDelayIsPrinted() throws Exception
    {
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true);
             CuratorFramework reader = CuratorFrameworkFactory.newClient(zk.getConnectString() + "/timing",
                 new RetryOneTime(100)))
        {
            reader.start();
            // The project's own registry client in this JVM: when a consumer's list learns of each provider.
            final Map<Long, Long> listedAt = new ConcurrentHashMap<>();
            final ZooKeeperRegistry watcher = ZooKeeperRegistry.open(RegistrySpec.parse("zookeeper://" +
                zk.getConnectString() + "/timing"), ZooKeeperRegistry.Timing.forSessionTimeout(Duration.ofSeconds(5)));
            watcher.subscribe(ServiceKey.of(Greeting.class.getName(), ""), records ->
            {
                final long now = System.currentTimeMillis();
                records.forEach(r -> listedAt.putIfAbsent(r.pid(), now));
            });
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=zookeeper://" + zk.getConnectString() +
                "/timing,registry.dir=" + Files.createDirectories(workDir.resolve("local-registry"));
            final List<Long> delays = new ArrayList<>();
            final List<Long> listDelays = new ArrayList<>();
            try (ChildJvm.Running consumer = ChildJvm.start(workDir, Map.of(), List.of(
                agent, "-cp", ChildJvm.testClasses(), ZkWatchingConsumerMain.class.getName())))
            {
                await().atMost(Duration.ofSeconds(60)).until(() -> consumer.out().contains("consumer calling"));
                for (int i = 0; i < SAMPLES; i++)
                {
                    try (ChildJvm.Running provider = ChildJvm.start(workDir, Map.of(), List.of(
                        agent + ",provide=" + Greeting.class.getName(), "-cp", ChildJvm.testClasses(),
                        ZkProviderMain.class.getName())))
                    {
                        final long pid = provider.process.pid();
                        final Pattern firstCall = Pattern.compile("first call to pid " + pid + " at (\\d+)");
                        await().atMost(Duration.ofSeconds(60)).until(() -> firstCall.matcher(consumer.out()).find());
                        final Matcher matcher = firstCall.matcher(consumer.out());
                        assertThat(matcher.find()).isTrue();
                        final long registered = registeredAt(reader, pid);
                        delays.add(Long.parseLong(matcher.group(1)) - registered);
                        await().atMost(Duration.ofSeconds(10)).until(() -> listedAt.containsKey(pid));
                        listDelays.add(listedAt.get(pid) - registered);
                        provider.process.destroy(); // graceful: deregisters before the next one starts
                        assertThat(provider.process.waitFor()).isNotNegative();
                    }
                }
            }
            watcher.close();
            System.out.println("ZooKeeper registry, " + SAMPLES + " providers started one after another: " +
                "registration (node created) to a running consumer's first call to it " + summary(delays) +
                "; registration to a subscribed registry client listing it " + summary(listDelays) +
                " (the rest: connecting to the new provider and its first request, in a JVM that just started)");
        }
    }

    private static String summary(final List<Long> samples)
    {
        final List<Long> sorted = samples.stream().sorted().toList();
        return samples + " ms, median " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) +
            " ms";
    }

    private static long registeredAt(final CuratorFramework reader, final long pid) throws Exception
    {
        for (final String child : reader.getChildren().forPath(SERVICE_NODE))
        {
            final Stat stat = new Stat();
            final byte[] data = reader.getData().storingStatIn(stat).forPath(SERVICE_NODE + "/" + child);
            final ProviderRecord record = ProviderRecordCodec.decode(data);
            if (record.pid() == pid)
            {
                return stat.getCtime();
            }
        }
        throw new AssertionError("no node of pid " + pid + " under " + SERVICE_NODE);
    }
}
