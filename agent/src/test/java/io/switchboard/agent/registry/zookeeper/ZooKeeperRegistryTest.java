package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.RegistryFactory;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ZooKeeper registry against real ZooKeeper servers (Curator's TestingServer and TestingCluster),
 * with 100 ms ticks and 1 s sessions so outages and expiries play out in seconds.
 */
class ZooKeeperRegistryTest
{
    private static final ServiceKey INVENTORY = ServiceKey.of("com.acme.Inventory", "");
    private static final ZooKeeperRegistry.Timing FAST = new ZooKeeperRegistry.Timing(
        Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(3));

    @TempDir
    Path dir;

    private TestingServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception
    {
        server = new TestingServer(spec(dir.resolve("zk"), -1), true);
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
    void aRegisteredProviderIsPushedToSubscribersAndGoneWhenItsRegistrationCloses()
    {
        final ZooKeeperRegistry provider = open(server.getConnectString());
        final ZooKeeperRegistry consumer = open(server.getConnectString());
        final List<List<ProviderRecord>> seen = new CopyOnWriteArrayList<>();
        consumer.subscribe(INVENTORY, seen::add);

        final Registration registration = provider.register(record("a"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty() && ids(last(seen)).equals(List.of("a")));
        assertThat(consumer.providers(INVENTORY).get(0)).isEqualTo(registration.record());

        registration.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.providers(INVENTORY).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> last(seen).isEmpty());
    }

    @Test
    void twoProvidersAreBothListedAndClosingARegistryRemovesOnlyItsOwn()
    {
        final ZooKeeperRegistry first = open(server.getConnectString());
        final ZooKeeperRegistry second = open(server.getConnectString());
        final ZooKeeperRegistry consumer = open(server.getConnectString());
        first.register(record("a"));
        second.register(record("b"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a", "b")));
        assertThat(consumer.all()).hasSize(2);

        first.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("b")));
    }

    @Test
    void aConsumerOpenedAfterTheProviderSeesItOnItsFirstRead()
    {
        open(server.getConnectString()).register(record("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(open(server.getConnectString()).all()).contains("a"));

        final ServiceRegistry consumer = RegistryFactory.open("zookeeper://" + server.getConnectString(), null,
            Duration.ofMillis(1000));
        toClose.add(consumer);

        assertThat(ids(consumer.providers(INVENTORY))).containsExactly("a"); // no await: the first read waits once
    }

    @Test
    void whenZooKeeperStopsConsumersKeepTheLastListAndNothingThrows() throws Exception
    {
        final ZooKeeperRegistry provider = open(server.getConnectString());
        final ZooKeeperRegistry consumer = open(server.getConnectString());
        provider.register(record("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));

        server.stop();
        for (int i = 0; i < 30; i++)
        {
            assertThat(ids(consumer.providers(INVENTORY))).containsExactly("a");
            Thread.sleep(100);
        }
        // Providers registering during the outage do not throw either.
        final Registration late = provider.register(record("late"));
        assertThat(late.record().instanceId()).isEqualTo("late");
        assertThat(ids(consumer.providers(INVENTORY))).containsExactly("a");
    }

    @Test
    void aProviderThatRegistersWhileZooKeeperIsDownIsListedOnceItIsBack() throws Exception
    {
        final ZooKeeperRegistry consumer = open(server.getConnectString());
        assertThat(consumer.providers(INVENTORY)).isEmpty();
        server.stop();

        final ZooKeeperRegistry provider = open(server.getConnectString());
        provider.register(record("a"));
        server.restart();

        await().atMost(Duration.ofSeconds(15)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));
    }

    @Test
    void afterASessionExpiryTheProviderIsRegisteredAgainExactlyOnce() throws Exception
    {
        final ZooKeeperRegistry provider = open(server.getConnectString());
        final ZooKeeperRegistry consumer = open(server.getConnectString());
        provider.register(record("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));
        final long sessionBefore = provider.curator().getZookeeperClient().getZooKeeper().getSessionId();

        provider.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

        await().atMost(Duration.ofSeconds(10)).until(() ->
            provider.curator().getZookeeperClient().isConnected() &&
            provider.curator().getZookeeperClient().getZooKeeper().getSessionId() != sessionBefore &&
            provider.curator().checkExists().forPath(ZooKeeperPaths.instancePath(record("a"))) != null &&
            provider.curator().checkExists().forPath(ZooKeeperPaths.instancePath(record("a"))).getEphemeralOwner() !=
                sessionBefore);
        await().atMost(Duration.ofSeconds(5)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));
        assertThat(consumer.all()).hasSize(1);
    }

    @Test
    void aThreeNodeEnsembleKeepsServingWhenOneNodeDies() throws Exception
    {
        final List<InstanceSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++)
        {
            final Path data = java.nio.file.Files.createDirectories(dir.resolve("cluster-" + id));
            specs.add(new InstanceSpec(data.toFile(), -1, -1, -1, true, id, 100, 0));
        }
        try (TestingCluster cluster = new TestingCluster(specs))
        {
            cluster.start();
            final ZooKeeperRegistry provider = open(cluster.getConnectString());
            final ZooKeeperRegistry consumer = open(cluster.getConnectString());
            provider.register(record("a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ids(consumer.providers(INVENTORY)).equals(List.of("a")));

            assertThat(cluster.killServer(specs.get(0))).isTrue();
            provider.register(record("b"));

            await().atMost(Duration.ofSeconds(15)).until(() ->
                ids(consumer.providers(INVENTORY)).equals(List.of("a", "b")));
            provider.close();
            consumer.close();
        }
    }

    @Test
    void aChrootKeepsTwoSystemsApart()
    {
        open(server.getConnectString() + "/shop").register(record("a"));
        final ZooKeeperRegistry shop = open(server.getConnectString() + "/shop");
        final ZooKeeperRegistry other = open(server.getConnectString() + "/other");

        await().atMost(Duration.ofSeconds(5)).until(() -> ids(shop.providers(INVENTORY)).equals(List.of("a")));
        assertThat(other.all()).isEmpty();
    }

    @Test
    void theSameInstanceCannotBeRegisteredTwice()
    {
        final ZooKeeperRegistry provider = open(server.getConnectString());
        provider.register(record("a"));

        assertThatThrownBy(() -> provider.register(record("a")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("instance a of com.acme.Inventory");
    }

    @Test
    void aLoopbackEndpointIsRefusedForARegistryOnAnotherHost()
    {
        final ProviderRecord loopback = ProviderRecord.builder("com.acme.Inventory").instanceId("a")
            .endpoint("aeron:udp?endpoint=127.0.0.1:40123|stream=1|ipc-stream=2|driver=h:/dev/shm/x").build();
        final RegistrySpec remote = RegistrySpec.parse("zookeeper://zk1.example:2181,127.0.0.1:2181");

        assertThatThrownBy(() -> AdvertisedAddress.check(loopback, remote, "ZooKeeper registry " + remote))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("127.0.0.1")
            .hasMessageContaining("switchboard.bind")
            .hasMessageContaining("switchboard.advertise.host");
        AdvertisedAddress.check(loopback, RegistrySpec.parse("zookeeper://localhost:2181,127.0.0.1:2182"), "local zk");
        AdvertisedAddress.check(loopback.toBuilder()
            .endpoint("aeron:udp?endpoint=10.0.0.5:40123|stream=1|ipc-stream=2|driver=h:/dev/shm/x").build(),
            remote, "remote zk");
    }

    private ZooKeeperRegistry open(final String connect)
    {
        final ZooKeeperRegistry registry = ZooKeeperRegistry.open(RegistrySpec.parse("zookeeper://" + connect), FAST);
        toClose.add(registry);
        return registry;
    }

    private static InstanceSpec spec(final Path dataDir, final int port)
    {
        return new InstanceSpec(dataDir.toFile(), port, -1, -1, true, 1, 100, 0);
    }

    private static ProviderRecord record(final String id)
    {
        return ProviderRecord.builder(INVENTORY.name()).instanceId(id).endpoint("test-endpoint-" + id).build();
    }

    private static List<String> ids(final List<ProviderRecord> records)
    {
        return records.stream().map(ProviderRecord::instanceId).toList();
    }

    private static <T> T last(final List<T> list)
    {
        return list.get(list.size() - 1);
    }
}
