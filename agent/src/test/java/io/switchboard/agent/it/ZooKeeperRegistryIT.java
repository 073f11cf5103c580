package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider JVM and a consumer JVM, each with {@code -javaagent:<jar>=registry=zookeeper://...}, meet
 * through a real ZooKeeper server (Curator's TestingServer in this JVM): the consumer's call is served by
 * the provider, {@code services} lists it, and a graceful stop removes it well before its session would
 * expire.
 */
class ZooKeeperRegistryIT
{
    private static final Pattern REGISTERING = Pattern.compile("provider registering at (\\d+) pid (\\d+)");
    private static final Pattern FIRST_CALL = Pattern.compile("first call ok at (\\d+): (.*)");

    @TempDir
    Path workDir;

    @Test
    void aConsumerCallIsServedByAProviderFoundThroughZooKeeper() throws Exception
    {
        // 1 s ticks: sessions may last up to 20 s, so the provider's 15 s session cannot be what removes it.
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true))
        {
            final String registry = "zookeeper://" + zk.getConnectString() + "/it";
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=" + registry +
                ",registry.dir=" + Files.createDirectories(workDir.resolve("local-registry"));

            try (ChildJvm.Running consumer = ChildJvm.start(workDir, Map.of(), List.of(
                agent, "-cp", ChildJvm.testClasses(), ZkConsumerMain.class.getName())))
            {
                // Its first call waits for the transport, which may start the shared media driver: another JVM.
                await().atMost(E2e.STARTUP).until(() ->
                    consumer.out().contains("consumer waiting for a provider") || !consumer.process.isAlive());
                assertThat(consumer.out()).contains("NoProviderException");

                try (ChildJvm.Running provider = ChildJvm.start(workDir, Map.of(), List.of(
                    agent + ",provide=" + Greeting.class.getName() + ",registry.session.timeout.ms=15000",
                    "-cp", ChildJvm.testClasses(), ZkProviderMain.class.getName())))
                {
                    final ChildJvm.Result consumed = consumer.await();
                    assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
                    await().atMost(Duration.ofSeconds(10)).until(() -> REGISTERING.matcher(provider.out()).find());
                    final Matcher registering = REGISTERING.matcher(provider.out());
                    assertThat(registering.find()).isTrue();
                    final Matcher firstCall = FIRST_CALL.matcher(consumed.out());
                    assertThat(firstCall.find()).as(consumed.toString()).isTrue();
                    assertThat(firstCall.group(2)).isEqualTo("hello consumer from pid " + registering.group(2));
                    System.out.println("ZooKeeper registry: provider registration to the running consumer's first " +
                        "successful call: " + (Long.parseLong(firstCall.group(1)) - Long.parseLong(registering.group(1))) +
                        " ms (includes the provider's agent export after its constructor)");

                    final ChildJvm.Result services = ChildJvm.run(workDir, Map.of(), List.of(
                        "-jar", ChildJvm.agentJar().toString(), "services", "--registry", registry));
                    assertThat(services.exitCode()).as(services.toString()).isZero();
                    assertThat(services.out()).contains(Greeting.class.getName(), registering.group(2));

                    try (ZooKeeperRegistry watcher = ZooKeeperRegistry.open(RegistrySpec.parse(registry),
                        ZooKeeperRegistry.Timing.forSessionTimeout(Duration.ofSeconds(5))))
                    {
                        final ServiceKey key = ServiceKey.of(Greeting.class.getName(), "");
                        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.providers(key).size() == 1);
                        final long stoppedAt = System.nanoTime();
                        provider.process.destroy(); // SIGTERM: a graceful stop
                        await().atMost(Duration.ofSeconds(5)).until(() -> watcher.providers(key).isEmpty());
                        System.out.println("ZooKeeper registry: graceful stop to entry gone: " +
                            Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis() + " ms");
                    }
                }
            }
        }
    }
}
