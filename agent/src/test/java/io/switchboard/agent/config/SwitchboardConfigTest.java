package io.switchboard.agent.config;

import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.local.LocalRegistryDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwitchboardConfigTest
{
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private SwitchboardConfig load(final String agentArgs)
    {
        return SwitchboardConfig.load(agentArgs, properties, env, warnings::add);
    }

    @Test
    void defaultsApplyWhenNothingIsSet()
    {
        properties.put("sun.java.command", "com.acme.ShopMain --port 8080");

        final SwitchboardConfig config = load(null);

        assertThat(config.provide()).isEmpty();
        assertThat(config.registry()).isEqualTo(RegistrySpec.LOCAL);
        assertThat(config.serviceName()).isEqualTo("com.acme.ShopMain");
        assertThat(config.fallback()).isEqualTo(Fallback.FAIL);
        assertThat(config.timeoutMillis()).isEqualTo(1000L);
        assertThat(config.aeronDir()).isEmpty();
        assertThat(config.bind()).isEqualTo(new HostPort("127.0.0.1", 0));
        assertThat(config.advertiseHost()).isEmpty();
        assertThat(config.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.profile()).isEqualTo(Profile.BALANCED);
        assertThat(config.serializationAllow()).isEmpty();
        assertThat(config.retries()).isEqualTo(2);
        assertThat(config.loadBalance()).isEqualTo(LoadBalance.P2C);
        assertThat(config.registrySessionTimeoutMillis()).isEqualTo(5000L);
        assertThat(config.registryDir()).isEqualTo(LocalRegistryDirectory.defaultDirectory().toString());
        assertThat(config.source(ConfigKeys.TIMEOUT_MS)).isEqualTo(ConfigSource.DEFAULT);
        assertThat(warnings).isEmpty();
    }

    @Test
    void agentArgsBeatSystemPropertiesWhichBeatEnvironmentWhichBeatsDefault()
    {
        env.put("SWITCHBOARD_TIMEOUT_MS", "300");
        env.put("SWITCHBOARD_RETRIES", "5");
        env.put("SWITCHBOARD_PROFILE", "low-latency");
        properties.put("switchboard.timeout.ms", "200");
        properties.put("switchboard.retries", "4");
        final SwitchboardConfig config = load("timeout.ms=100");

        assertThat(config.timeoutMillis()).isEqualTo(100L);
        assertThat(config.source(ConfigKeys.TIMEOUT_MS)).isEqualTo(ConfigSource.AGENT_ARGS);
        assertThat(config.retries()).isEqualTo(4);
        assertThat(config.source(ConfigKeys.RETRIES)).isEqualTo(ConfigSource.SYSTEM_PROPERTY);
        assertThat(config.profile()).isEqualTo(Profile.LOW_LATENCY);
        assertThat(config.source(ConfigKeys.PROFILE)).isEqualTo(ConfigSource.ENVIRONMENT);
        assertThat(config.source(ConfigKeys.FALLBACK)).isEqualTo(ConfigSource.DEFAULT);
    }

    @Test
    void environmentVariablesUseUnderscoresAndUpperCase()
    {
        env.put("SWITCHBOARD_REGISTRY_SESSION_TIMEOUT_MS", "9000");
        env.put("SWITCHBOARD_MAX_MESSAGE_BYTES", "1m");
        env.put("SWITCHBOARD_SERIALIZATION_ALLOW", "com.acme.Money,com.acme.Sku");

        final SwitchboardConfig config = load(null);

        assertThat(ConfigKeys.REGISTRY_SESSION_TIMEOUT_MS.envName()).isEqualTo("SWITCHBOARD_REGISTRY_SESSION_TIMEOUT_MS");
        assertThat(config.registrySessionTimeoutMillis()).isEqualTo(9000L);
        assertThat(config.maxMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(config.serializationAllow()).containsExactly("com.acme.Money", "com.acme.Sku");
        assertThat(warnings).isEmpty();
    }

    @Test
    void listsAndZooKeeperAddressesNeedNoQuotingInAgentArgs()
    {
        final SwitchboardConfig config =
            load("provide=com.acme.Inventory,com.acme.Pricing,registry=zookeeper://zk1:2181,zk2:2181/shop");

        assertThat(config.provide()).containsExactly("com.acme.Inventory", "com.acme.Pricing");
        assertThat(config.registry().kind()).isEqualTo(RegistrySpec.Kind.ZOOKEEPER);
        assertThat(config.registry().connectString()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(config.registry().chroot()).isEqualTo("/shop");
        assertThat(config.registry()).hasToString("zookeeper://zk1:2181,zk2:2181/shop");
    }

    @Test
    void provideStarMeansEveryService()
    {
        assertThat(load("provide=*").providesAll()).isTrue();
    }

    @Test
    void serviceNameDefaultsToOtelServiceNameThenMainClassThenJarName()
    {
        properties.put("sun.java.command", "/opt/shop/inventory-service.jar --flag");
        assertThat(load(null).serviceName()).isEqualTo("inventory-service");

        env.put("OTEL_SERVICE_NAME", "inventory-env");
        assertThat(load(null).serviceName()).isEqualTo("inventory-env");

        properties.put("otel.service.name", "inventory");
        assertThat(load(null).serviceName()).isEqualTo("inventory");

        properties.put("switchboard.service.name", "explicit");
        assertThat(load(null).serviceName()).isEqualTo("explicit");
    }

    @Test
    void unknownKeysWarnWithTheNearestKnownKeyInEachSourcesSpelling()
    {
        properties.put("switchboard.timout.ms", "5");
        env.put("SWITCHBOARD_REGISTRY_DRI", "/tmp/x");

        load("provde=com.acme.Inventory");

        assertThat(warnings).containsExactlyInAnyOrder(
            "switchboard: WARNING: unknown key \"provde\" in agent args is ignored; did you mean \"provide\"?",
            "switchboard: WARNING: unknown system property switchboard.timout.ms is ignored; " +
                "did you mean switchboard.timeout.ms?",
            "switchboard: WARNING: unknown environment variable SWITCHBOARD_REGISTRY_DRI is ignored; " +
                "did you mean SWITCHBOARD_REGISTRY_DIR?");
    }

    @Test
    void perServiceFallbackKeysFollowTheirPatternWithoutWarningAgentArgsWinning()
    {
        properties.put("switchboard.service.com.acme.Inventory.fallback", "com.acme.PropertyFallback");
        properties.put("switchboard.service.com.acme.Pricing.fallback", " com.acme.PricingFallback ");

        final SwitchboardConfig config = load("service.com.acme.Inventory.fallback=com.acme.InventoryFallback");

        assertThat(warnings).isEmpty();
        assertThat(config.serviceFallbacks()).containsOnly(
            Map.entry("com.acme.Inventory", "com.acme.InventoryFallback"),
            Map.entry("com.acme.Pricing", "com.acme.PricingFallback"));
        assertThat(config.serviceName()).as("service.name is still its own key").isNotBlank();
    }

    @Test
    void aFallbackThatIsNotAClassNameNamesItsKey()
    {
        assertThatThrownBy(() -> load("service.com.acme.Inventory.fallback=not a class"))
            .isInstanceOf(ConfigException.class)
            .hasMessage("switchboard: invalid value \"not a class\" for switchboard.service.com.acme.Inventory.fallback: " +
                "expected a fully qualified class name on the application's class path");
    }

    @Test
    void otelKeysInAgentArgsAreKeptForTracingWithoutWarningAndNameTheService()
    {
        properties.put("otel.traces.sampler", "always_on");
        env.put("OTEL_TRACES_EXPORTER", "otlp");

        final SwitchboardConfig config = load(
            "otel.traces.exporter=zipkin,otel.exporter.zipkin.endpoint=http://127.0.0.1:9411/api/v2/spans," +
                "otel.service.name=shop-web,otel.made.up=1");

        assertThat(warnings).isEmpty();
        assertThat(config.otelArgs()).containsOnly(
            Map.entry("otel.traces.exporter", "zipkin"),
            Map.entry("otel.exporter.zipkin.endpoint", "http://127.0.0.1:9411/api/v2/spans"),
            Map.entry("otel.service.name", "shop-web"),
            Map.entry("otel.made.up", "1"));
        assertThat(config.serviceName()).isEqualTo("shop-web");
    }

    @Test
    void theSecretEnvironmentVariableIsKnownAndNeverPrinted()
    {
        env.put("SWITCHBOARD_AUTH_SECRET", "s3cr3t");

        final SwitchboardConfig config = load(null);

        assertThat(warnings).isEmpty();
        assertThat(config.authSecret()).isEqualTo("s3cr3t");
        assertThat(config.toString()).doesNotContain("s3cr3t").contains("auth.secret=<hidden>");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "timeout.ms|0|a whole number of milliseconds greater than 0",
        "timeout.ms|soon|a whole number of milliseconds greater than 0",
        "registry|etcd://h:1|local or zookeeper://host:port[,host:port...][/chroot]",
        "registry|zookeeper://|local or zookeeper://host:port[,host:port...][/chroot]",
        "registry|zookeeper://zk1:99999|local or zookeeper://host:port[,host:port...][/chroot]",
        "fallback|retry|fail or local",
        "profile|fast|balanced or low-latency",
        "loadbalance|random|one of p2c, round_robin, weighted_random, consistent_hash",
        "bind|localhost|host:port with a port from 0 to 65535",
        "bind|127.0.0.1:70000|host:port with a port from 0 to 65535",
        "max.message.bytes|12|a size in bytes from 1024 to 1073741824, plain or with a k, m or g suffix (16m)",
        "max.message.bytes|lots|a size in bytes from 1024 to 1073741824, plain or with a k, m or g suffix (16m)",
        "provide|*;com.acme.X|a comma list of interface names or service names, or *",
        "provide|com.acme X|a comma list of interface names or service names, or *",
        "serialization.allow|com.acme.-Money|a comma list of fully qualified class names",
        "retries|-1|a whole number from 0 to 100",
        "registry.session.timeout.ms|0|a whole number of milliseconds greater than 0",
        "service.name|' '|a non-empty name",
    })
    void anInvalidValueNamesTheKeyTheSourceAndWhatItAccepts(final String key, final String value, final String accepted)
    {
        final String given = value.replace(';', ',');
        properties.put("switchboard." + key, given);

        assertThatThrownBy(() -> load(null))
            .isInstanceOf(ConfigException.class)
            .hasMessage("switchboard: invalid value \"" + given + "\" for switchboard." + key +
                " (from system property): expected " + accepted);
    }

    @Test
    void anInvalidValueNamesTheEnvironmentVariableItCameFrom()
    {
        env.put("SWITCHBOARD_FALLBACK", "maybe");

        assertThatThrownBy(() -> load(null))
            .hasMessage("switchboard: invalid value \"maybe\" for switchboard.fallback " +
                "(from environment variable SWITCHBOARD_FALLBACK): expected fail or local");
    }

    @Test
    void anInvalidValueInAgentArgsSaysSo()
    {
        assertThatThrownBy(() -> load("provide=com.acme.Inventory,timeout.ms=-1"))
            .hasMessage("switchboard: invalid value \"-1\" for switchboard.timeout.ms (from agent args): " +
                "expected a whole number of milliseconds greater than 0");
    }

    @Test
    void valuesAreTrimmedAndChoicesIgnoreCase()
    {
        final SwitchboardConfig config = load("fallback= LOCAL ,max.message.bytes=2048,bind=[::1]:7000");

        assertThat(config.fallback()).isEqualTo(Fallback.LOCAL);
        assertThat(config.maxMessageBytes()).isEqualTo(2048);
        assertThat(config.bind()).isEqualTo(new HostPort("::1", 7000));
    }

    @Test
    void everyKeyIsDeclaredOnceWithADescriptionAndAcceptedValues()
    {
        assertThat(ConfigKeys.ALL).extracting(ConfigKey::name).doesNotHaveDuplicates();
        assertThat(ConfigKeys.ALL).allSatisfy(key ->
        {
            assertThat(key.description()).isNotBlank().doesNotContain("\n");
            assertThat(key.accepted()).isNotBlank();
            assertThat(key.defaultDescription()).isNotNull();
        });
    }

    @Test
    void ofBuildsAConfigurationForTestsAndRejectsUnknownKeys()
    {
        assertThat(SwitchboardConfig.of(Map.of("timeout.ms", "250")).timeoutMillis()).isEqualTo(250L);
        assertThatThrownBy(() -> SwitchboardConfig.of(Map.of("timeuot.ms", "250")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("did you mean timeout.ms");
    }
}
