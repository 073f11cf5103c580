package io.switchboard.agent.registry;

import io.switchboard.agent.registry.local.LocalRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrySpecTest
{
    @Test
    void localIsTheDefault()
    {
        assertThat(RegistrySpec.parse(null)).isEqualTo(RegistrySpec.LOCAL);
        assertThat(RegistrySpec.parse(" ")).isEqualTo(RegistrySpec.LOCAL);
        assertThat(RegistrySpec.parse("local")).isEqualTo(RegistrySpec.LOCAL);
        assertThat(RegistrySpec.parse(" LOCAL ")).isEqualTo(RegistrySpec.LOCAL);
    }

    @Test
    void parsesZooKeeperHostsAndChroot()
    {
        final RegistrySpec spec = RegistrySpec.parse("zookeeper://zk1:2181,zk2:2182/shop");
        assertThat(spec.kind()).isEqualTo(RegistrySpec.Kind.ZOOKEEPER);
        assertThat(spec.connectString()).isEqualTo("zk1:2181,zk2:2182");
        assertThat(spec.chroot()).isEqualTo("/shop");
        assertThat(spec).hasToString("zookeeper://zk1:2181,zk2:2182/shop");
    }

    @Test
    void zooKeeperHostsWithoutAPortGet2181AndTheChrootIsOptional()
    {
        final RegistrySpec spec = RegistrySpec.parse("zookeeper://zk1,127.0.0.1:3000");
        assertThat(spec.connectString()).isEqualTo("zk1:2181,127.0.0.1:3000");
        assertThat(spec.chroot()).isEmpty();
        assertThat(RegistrySpec.parse("zookeeper://zk1/").chroot()).isEmpty();
        assertThat(RegistrySpec.parse("zookeeper://zk1/a/b").chroot()).isEqualTo("/a/b");
    }

    @Test
    void malformedValuesNameTheKeyAndWhatItAccepts()
    {
        assertThatThrownBy(() -> RegistrySpec.parse("etcd://x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("switchboard.registry=etcd://x")
            .hasMessageContaining("accepts local or zookeeper://");
        assertThatThrownBy(() -> RegistrySpec.parse("zookeeper://")).hasMessageContaining("no ZooKeeper host");
        assertThatThrownBy(() -> RegistrySpec.parse("zookeeper://zk1:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RegistrySpec.parse("zookeeper://zk1:70000")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> RegistrySpec.parse("zookeeper://zk1,,zk2")).hasMessageContaining("empty host");
        assertThatThrownBy(() -> RegistrySpec.parse("zookeeper://zk1/a//b")).hasMessageContaining("empty segment");
    }

    @Test
    void factoryOpensTheLocalRegistryInTheGivenDirectory(@TempDir final Path dir)
    {
        try (ServiceRegistry registry = RegistryFactory.open("local", dir.resolve("reg")))
        {
            assertThat(registry).isInstanceOf(LocalRegistry.class);
            assertThat(registry.describe()).isEqualTo("local registry " + dir.resolve("reg"));
            assertThat(dir.resolve("reg")).isDirectory();
        }
    }

    @Test
    void factoryOpensAZooKeeperRegistryWithoutWaitingForItAndRefusesUnknownBackends()
    {
        // Nothing listens on 127.0.0.1:1: opening must not wait for a connection.
        try (ServiceRegistry registry = RegistryFactory.open("zookeeper://127.0.0.1:1/shop", null))
        {
            assertThat(registry).isInstanceOf(io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry.class);
            assertThat(registry.describe()).isEqualTo("ZooKeeper registry zookeeper://127.0.0.1:1/shop");
        }
        assertThatThrownBy(() -> RegistryFactory.open("consul", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
