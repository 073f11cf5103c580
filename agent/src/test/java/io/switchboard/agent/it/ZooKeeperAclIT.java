package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Digest ACLs with real JVMs (issue 4, item 7): a provider started with {@code SWITCHBOARD_REGISTRY_AUTH}
 * registers, one without it is refused with an error naming the problem and the setting, a consumer
 * without any credential still finds and calls the registered one, and {@code services --auth-file}
 * lists only the registered one.
 */
class ZooKeeperAclIT
{
    private static final String CREDENTIAL = "shop:s3cret-for-acl-it";

    @TempDir
    Path workDir;

    @Test
    void onlyAProviderWithTheCredentialRegistersAndEveryoneCanStillCallIt() throws Exception
    {
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true))
        {
            final String registry = "zookeeper://" + zk.getConnectString() + "/acl";
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=" + registry +
                ",registry.dir=" + Files.createDirectories(workDir.resolve("local-registry"));
            final String provider = agent + ",provide=" + Greeting.class.getName();
            final List<String> providerMain = List.of("-cp", ChildJvm.testClasses(), ZkProviderMain.class.getName());

            try (ChildJvm.Running legit = ChildJvm.start(workDir, Map.of("SWITCHBOARD_REGISTRY_AUTH", CREDENTIAL),
                    concat(provider, providerMain));
                 ZooKeeperRegistry reader = ZooKeeperRegistry.open(RegistrySpec.parse(registry),
                     ZooKeeperRegistry.Timing.forSessionTimeout(Duration.ofSeconds(5))))
            {
                final ServiceKey key = ServiceKey.of(Greeting.class.getName(), "");
                await().atMost(Duration.ofSeconds(60)).until(() -> reader.providers(key).size() == 1);
                assertThat(reader.providers(key).get(0).pid()).isEqualTo(legit.process.pid());

                try (ChildJvm.Running rogue = ChildJvm.start(workDir, Map.of(), concat(provider, providerMain)))
                {
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                        rogue.err().contains("cannot register " + Greeting.class.getName()) || !rogue.process.isAlive());
                    assertThat(rogue.err()).contains("NoAuth", "SWITCHBOARD_REGISTRY_AUTH",
                        "switchboard.registry.auth.file");
                    assertThat(legit.err() + legit.out()).doesNotContain(CREDENTIAL);

                    final ChildJvm.Result consumer = ChildJvm.run(workDir, Map.of(), List.of(
                        agent, "-cp", ChildJvm.testClasses(), ZkConsumerMain.class.getName()));
                    assertThat(consumer.exitCode()).as(consumer.toString()).isZero();
                    assertThat(consumer.out()).contains("hello consumer from pid " + legit.process.pid());

                    final Path authFile = Files.writeString(workDir.resolve("zk-auth"), CREDENTIAL + "\n");
                    Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-------"));
                    final ChildJvm.Result services = ChildJvm.run(workDir, Map.of(), List.of("-jar",
                        ChildJvm.agentJar().toString(), "services", "--registry", registry, "--auth-file", authFile.toString()));
                    assertThat(services.exitCode()).as(services.toString()).isZero();
                    assertThat(services.out()).contains(Greeting.class.getName(), String.valueOf(legit.process.pid()))
                        .doesNotContain(String.valueOf(rogue.process.pid())).doesNotContain(CREDENTIAL);
                    assertThat(reader.providers(key)).hasSize(1);
                }
            }
        }
    }

    private static List<String> concat(final String first, final List<String> rest)
    {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
