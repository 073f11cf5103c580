package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hosts in Linux network namespaces made by this test (issue 4, Show): ZooKeeper and the provider on
 * host A ({@value NetNamespaces#HOST_A}), the consumer on host B ({@value NetNamespaces#HOST_B}), joined
 * only by a veth pair. Each JVM has its own empty {@code /dev/shm} (a private tmpfs mount), so the call can
 * only travel over UDP between the two addresses; nothing is on loopback except what the test checks is
 * refused: a provider that would advertise 127.0.0.1 to this ZooKeeper. The provider listens on all
 * interfaces and advertises its address with {@code switchboard.advertise.host}; the consumer binds its
 * reply channel to its address with {@code switchboard.bind}. Skipped, saying why, where namespaces cannot
 * be created.
 */
class ZooKeeperNetnsIT
{
    @TempDir
    Path workDir;

    @Test
    void aConsumerOnOneHostCallsAProviderOnAnotherOverUdp() throws Exception
    {
        final String unavailable = NetNamespaces.unavailableReason();
        Assumptions.assumeTrue(unavailable == null, () -> "skipped: cannot create network namespaces: " + unavailable);

        try (NetNamespaces hosts = NetNamespaces.create();
             ChildJvm.Running zk = ChildJvm.start(workDir, Map.of(), hosts::inA, List.of("-jar",
                 ChildJvm.agentJar().toString(), "registry", "--host", NetNamespaces.HOST_A, "--port", "2181",
                 "--dir", workDir.resolve("zk").toString())))
        {
            await().atMost(Duration.ofSeconds(60)).until(() -> zk.out().contains("listening") || !zk.process.isAlive());
            assertThat(zk.process.isAlive()).as("ZooKeeper in host A: %s %s", zk.out(), zk.err()).isTrue();

            final String registry = "zookeeper://" + NetNamespaces.HOST_A + ":2181/netns";
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=" + registry + ",registry.dir=" +
                Files.createDirectories(workDir.resolve("local-registry")) + ",timeout.ms=20000";
            final List<String> provider = List.of("-cp", ChildJvm.testClasses(), ZkProviderMain.class.getName());
            final String provide = ",provide=" + Greeting.class.getName();

            try (ChildJvm.Running loopback = ChildJvm.start(workDir, Map.of(), hosts::inA,
                concat(agent + provide, provider)))
            {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                    loopback.err().contains("consumers on other hosts cannot reach") || !loopback.process.isAlive());
                assertThat(loopback.err()).contains("cannot register " + Greeting.class.getName(), "127.0.0.1",
                    "switchboard.bind", "switchboard.advertise.host");
            }

            try (ChildJvm.Running served = ChildJvm.start(workDir, Map.of(), hosts::inA,
                concat(agent + provide + ",bind=0.0.0.0:0,advertise.host=" + NetNamespaces.HOST_A, provider)))
            {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                    served.out().contains("provider registering") || !served.process.isAlive());

                final ChildJvm.Result consumer = run(hosts::inB, List.of(
                    agent + ",bind=" + NetNamespaces.HOST_B + ":0", "-cp", ChildJvm.testClasses(),
                    ZkConsumerMain.class.getName()));
                assertThat(consumer.exitCode()).as(consumer.toString()).isZero();
                assertThat(consumer.out()).contains("hello consumer from pid " + served.process.pid());

                final ChildJvm.Result services = run(hosts::inB, List.of("-jar",
                    ChildJvm.agentJar().toString(), "services", "--registry", registry));
                assertThat(services.exitCode()).as(services.toString()).isZero();
                assertThat(services.out()).contains(Greeting.class.getName(), NetNamespaces.HOST_A + ":",
                    String.valueOf(served.process.pid()));
                System.out.println("two hosts in network namespaces: " + consumer.out().lines()
                    .filter(l -> l.startsWith("first call ok")).findFirst().orElse("") + "\n" + services.out());
            }
        }
    }

    private ChildJvm.Result run(final UnaryOperator<List<String>> wrapper, final List<String> arguments)
        throws Exception
    {
        try (ChildJvm.Running running = ChildJvm.start(workDir, Map.of(), wrapper, arguments))
        {
            return running.await();
        }
    }

    private static List<String> concat(final String first, final List<String> rest)
    {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
