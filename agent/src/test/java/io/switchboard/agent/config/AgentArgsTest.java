package io.switchboard.agent.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentArgsTest
{
    @Test
    void piecesWithoutEqualsContinueThePreviousValue()
    {
        final Map<String, String> args = AgentArgs.parse(
            "provide=com.acme.Inventory,com.acme.Pricing,registry=zookeeper://zk1:2181,zk2:2181/shop");

        assertThat(args).containsExactly(
            Map.entry("provide", "com.acme.Inventory,com.acme.Pricing"),
            Map.entry("registry", "zookeeper://zk1:2181,zk2:2181/shop"));
    }

    @Test
    void emptyOrMissingArgsGiveNoKeys()
    {
        assertThat(AgentArgs.parse(null)).isEmpty();
        assertThat(AgentArgs.parse("")).isEmpty();
    }

    @Test
    void thePrefixIsTolerated()
    {
        assertThat(AgentArgs.parse("switchboard.timeout.ms=5")).containsExactly(Map.entry("timeout.ms", "5"));
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue()
    {
        assertThat(AgentArgs.parse("timeout.ms=5,timeout.ms=7")).containsExactly(Map.entry("timeout.ms", "7"));
    }

    @Test
    void argsThatDoNotStartWithAKeyAreRejected()
    {
        assertThatThrownBy(() -> AgentArgs.parse("com.acme.Inventory,provide=x"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("\"com.acme.Inventory\" is not key=value");
        assertThatThrownBy(() -> AgentArgs.parse("=x"))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("has no key");
    }
}
