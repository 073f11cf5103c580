package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * All of ZooKeeper down during steady calls (issue 4, Show), with real JVMs: the consumer keeps calling
 * the provider it knows with zero failed calls, and a provider that starts while ZooKeeper is down is
 * called once ZooKeeper is back.
 */
class ZooKeeperOutageIT
{
    @TempDir
    Path workDir;

    @Test
    void callsNeverFailWhileZooKeeperIsDownAndAProviderStartedMeanwhileIsFoundAfterwards() throws Exception
    {
        // 1 s ticks allow 20 s sessions: the outage below must not expire the provider's session.
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true))
        {
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=zookeeper://" + zk.getConnectString() +
                "/outage,registry.dir=" + Files.createDirectories(workDir.resolve("local-registry")) +
                ",registry.session.timeout.ms=20000,timeout.ms=20000";
            final List<String> provider = List.of(agent + ",provide=" + Greeting.class.getName(), "-cp",
                ChildJvm.testClasses(), ZkProviderMain.class.getName());
            final Path stop = workDir.resolve("stop");
            try (ChildJvm.Running first = ChildJvm.start(workDir, Map.of(), provider);
                 ChildJvm.Running consumer = ChildJvm.start(workDir, Map.of(), List.of(agent, "-cp",
                     ChildJvm.testClasses(), ZkSteadyConsumerMain.class.getName(), stop.toString())))
            {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                    consumer.out().contains("first call to pid " + first.process.pid()));

                zk.stop();
                final long okAtStop = ZkSteadyConsumerMain.lastOk(consumer.out());
                try (ChildJvm.Running second = ChildJvm.start(workDir, Map.of(), provider))
                {
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                        second.out().contains("provider registering") || !second.process.isAlive());
                    await().atMost(Duration.ofSeconds(60)).until(() -> ZkSteadyConsumerMain.lastOk(consumer.out()) >= okAtStop + 500);
                    assertThat(consumer.out()).doesNotContain("first call to pid " + second.process.pid());

                    zk.restart();
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                        consumer.out().contains("first call to pid " + second.process.pid()));
                    Files.createFile(stop);
                    final ChildJvm.Result result = consumer.await();
                    assertThat(result.exitCode()).as(result.toString()).isZero();
                    assertThat(result.out()).as(result.toString()).contains(" failed=0").doesNotContain("failed call");
                    System.out.println("ZooKeeper outage: " + result.out().lines().filter(l -> l.startsWith("final"))
                        .findFirst().orElse("") + " (" + (ZkSteadyConsumerMain.lastOk(result.out()) - okAtStop) +
                        " calls after the stop)");
                }
            }
        }
    }
}
