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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider killed with {@code kill -9} while ZooKeeper still lists it (its session has not expired): the
 * consumer must not wait for it. Only the one call that can be in flight at the kill (the consumer calls
 * from one thread) and the one sent before the loss is known may fail; calls must not go on picking the dead
 * provider and waiting for a connection to it until ZooKeeper drops its node (issue 4: "failover must never
 * wait for the session timeout").
 */
class ZooKeeperProviderDeathIT
{
    @TempDir
    Path workDir;

    @Test
    void aKilledProviderStillListedInZooKeeperIsNotWaitedFor() throws Exception
    {
        // 1 s ticks allow 20 s sessions: the dead provider stays listed for the whole observation below.
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true))
        {
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=zookeeper://" + zk.getConnectString() +
                "/death,registry.dir=" + Files.createDirectories(workDir.resolve("local-registry")) +
                ",registry.session.timeout.ms=20000,timeout.ms=2000";
            final List<String> provider = List.of(agent + ",provide=" + Greeting.class.getName(), "-cp",
                ChildJvm.testClasses(), ZkProviderMain.class.getName());
            final Path stop = workDir.resolve("stop");
            try (ChildJvm.Running doomed = ChildJvm.start(workDir, Map.of(), provider);
                 ChildJvm.Running survivor = ChildJvm.start(workDir, Map.of(), provider);
                 ChildJvm.Running consumer = ChildJvm.start(workDir, Map.of(), List.of(agent, "-cp",
                     ChildJvm.testClasses(), ZkSteadyConsumerMain.class.getName(), stop.toString())))
            {
                await().atMost(Duration.ofSeconds(90)).until(() ->
                    consumer.out().contains("first call to pid " + doomed.process.pid()) &&
                    consumer.out().contains("first call to pid " + survivor.process.pid()));

                final long okAtKill = ZkSteadyConsumerMain.lastOk(consumer.out());
                doomed.process.destroyForcibly(); // SIGKILL: its ZooKeeper node stays for the 20 s session
                assertThat(doomed.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                final long killedAtNs = System.nanoTime();
                // Several seconds of calls while the dead provider is still listed (2 ms apart), long past the
                // 2 s a failed provider is skipped for; ZooKeeper would drop it only after 20 s.
                await().atMost(Duration.ofSeconds(60)).until(() -> ZkSteadyConsumerMain.lastOk(consumer.out()) >= okAtKill + 2000 &&
                    System.nanoTime() - killedAtNs >= Duration.ofSeconds(8).toNanos());
                final long observedMs = (System.nanoTime() - killedAtNs) / 1_000_000;
                Files.createFile(stop);
                final ChildJvm.Result result = consumer.await();
                assertThat(result.exitCode()).as(result.toString()).isZero();
                final String last = result.out().lines().filter(l -> l.startsWith("final")).findFirst().orElse("");
                System.out.println("ZooKeeper provider death: " + last + " over " + observedMs +
                    " ms after the kill (the dead provider stays listed for 20 s)");
                final Matcher failed = Pattern.compile("final ok=\\d+ failed=(\\d+)").matcher(last);
                assertThat(failed.find()).as(result.toString()).isTrue();
                assertThat(Long.parseLong(failed.group(1)))
                    .as("calls that failed after the kill (at most the one in flight and one sent before the " +
                        "loss was known): %s", result.out())
                    .isLessThanOrEqualTo(2);
                // Over the shared driver (the default) the consumer finds the provider's process gone by its pid.
                assertThat(result.err()).as(result.toString())
                    .contains("provider pid " + doomed.process.pid() + "@", "exited (its process is gone)");
            }
        }
    }
}
