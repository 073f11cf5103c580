package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.RegistryCredential;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Digest ACLs against a real ZooKeeper server: with {@code SWITCHBOARD_REGISTRY_AUTH} only holders of the
 * credential register providers, everyone reads them, and a provider without it (or with another) is told
 * why it is not registered.
 */
class ZooKeeperAclTest
{
    private static final ServiceKey INVENTORY = ServiceKey.of("com.acme.Inventory", "");
    private static final ZooKeeperRegistry.Timing FAST = new ZooKeeperRegistry.Timing(
        Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(3));
    private static final RegistryCredential HOLDER = RegistryCredential.parse("shop:s3cret", "test");

    @TempDir
    Path dir;

    private TestingServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception
    {
        server = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), -1, -1, -1, true, 1, 100, 0), true);
    }

    @AfterEach
    void stopAll() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
        server.close();
    }

    @Test
    void onlyAHolderOfTheCredentialRegistersAndAConsumerWithoutItStillReads()
    {
        final ZooKeeperRegistry holder = open(HOLDER);
        final Registration legit = holder.register(record("legit"));
        final ZooKeeperRegistry consumer = open(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("legit")));

        final ZooKeeperRegistry rogue = open(null);
        final Registration refused = rogue.register(record("rogue"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rogue.refusal(refused) != null);

        assertThat(rogue.refusal(refused))
            .contains("cannot register com.acme.Inventory", "NoAuth", "holders of the digest credential of user shop",
                "this process has no credential", "SWITCHBOARD_REGISTRY_AUTH", "switchboard.registry.auth.file")
            .doesNotContain("s3cret");
        // ZooKeeper answers a session's requests in order: the rogue's create was refused before its ACL check.
        assertThat(ids(rogue.all())).containsExactly("legit");
        assertThat(ids(consumer.all())).containsExactly("legit");
        assertThat(holder.refusal(legit)).isNull();
    }

    @Test
    void anotherCredentialIsRefusedToo()
    {
        final ZooKeeperRegistry holder = open(HOLDER);
        holder.register(record("legit"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(holder.all()).equals(List.of("legit")));
        final ZooKeeperRegistry other = open(RegistryCredential.parse("shop:guess", "test"));
        final Registration refused = other.register(record("other"));

        await().atMost(Duration.ofSeconds(10)).until(() -> other.refusal(refused) != null);
        assertThat(other.refusal(refused)).contains("the credential of user shop, which is not among them");
        assertThat(ids(other.all())).containsExactly("legit");
    }

    @Test
    void aProcessWithoutTheCredentialCannotDeleteOrAddProvidersDirectly() throws Exception
    {
        final ZooKeeperRegistry holder = open(HOLDER);
        holder.register(record("legit"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(holder.all()).equals(List.of("legit")));
        final String instance = ZooKeeperPaths.instancePath(record("legit"));

        try (CuratorFramework raw = CuratorFrameworkFactory.newClient(server.getConnectString() + "/acl", new RetryOneTime(100)))
        {
            raw.start();
            assertThatThrownBy(() -> raw.delete().forPath(instance)).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> raw.create().creatingParentsIfNeeded()
                .withMode(CreateMode.EPHEMERAL).forPath(ZooKeeperRegistry.SERVICES_PATH + "/com.acme.Other@/x", new byte[] {1}))
                .isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(raw.getData().forPath(instance)).isNotEmpty(); // reading stays open
        }
    }

    @Test
    void servicesCreatedOpenBeforeTheCredentialWasUsedAreLockedWhenAHolderConnects() throws Exception
    {
        open(null).register(record("early"));
        final ZooKeeperRegistry early = open(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids(early.all()).equals(List.of("early")));

        final ZooKeeperRegistry holder = open(HOLDER);
        await().atMost(Duration.ofSeconds(10)).until(() -> !holder.curator().getACL()
            .forPath(ZooKeeperRegistry.SERVICES_PATH).equals(org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE));

        await().atMost(Duration.ofSeconds(10)).until(() -> !holder.curator().getACL()
            .forPath(ZooKeeperPaths.servicePath(record("early"))).equals(org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE));

        final ZooKeeperRegistry rogue = open(null);
        final Registration newService = rogue.register(
            ProviderRecord.builder("com.acme.New").instanceId("rogue-new").endpoint("test-endpoint-rogue").build());
        final Registration oldService = rogue.register(record("rogue"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
            rogue.refusal(newService) != null && rogue.refusal(oldService) != null);
        // Not "early" itself: under load its 1 s session may expire, and its node, now locked, is not re-created.
        assertThat(ids(holder.all())).doesNotContain("rogue", "rogue-new");
    }

    private ZooKeeperRegistry open(final RegistryCredential credential)
    {
        final ZooKeeperRegistry registry = ZooKeeperRegistry.open(
            RegistrySpec.parse("zookeeper://" + server.getConnectString() + "/acl"), FAST, credential);
        toClose.add(registry);
        return registry;
    }

    private static ProviderRecord record(final String id)
    {
        return ProviderRecord.builder(INVENTORY.name()).instanceId(id).endpoint("test-endpoint-" + id).build();
    }

    private static List<String> ids(final List<ProviderRecord> records)
    {
        return records.stream().map(ProviderRecord::instanceId).toList();
    }
}
