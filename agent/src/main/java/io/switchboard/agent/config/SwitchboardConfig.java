package io.switchboard.agent.config;

import io.switchboard.agent.registry.RegistrySpec;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The agent's configuration: one immutable object, built and validated once at startup and passed
 * down to every component. Nothing else in the agent reads system properties or the environment.
 *
 * <p>Read a value with a typed accessor ({@link #timeoutMillis()}) or with
 * {@link #get(ConfigKey) get(ConfigKeys.TIMEOUT_MS)}.
 */
public final class SwitchboardConfig
{
    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, ConfigSource> sources;
    private final Map<ConfigKeyPattern, Map<String, String>> patternValues;
    private Map<String, String> otelArgs = Map.of();

    private SwitchboardConfig(
        final Map<ConfigKey<?>, Object> values,
        final Map<ConfigKey<?>, ConfigSource> sources,
        final Map<ConfigKeyPattern, Map<String, String>> patternValues)
    {
        this.values = values;
        this.sources = sources;
        this.patternValues = patternValues;
    }

    /**
     * Builds the configuration of this JVM from the agent args, the system properties and the
     * environment.
     *
     * @param agentArgs the agent arguments, or {@code null}.
     * @param warnings  receives one line per warning (unknown keys).
     * @return the configuration.
     * @throws ConfigException when a value is invalid.
     */
    public static SwitchboardConfig fromJvm(final String agentArgs, final Consumer<String> warnings)
    {
        return load(agentArgs, systemProperties(), System.getenv(), warnings);
    }

    /**
     * Builds a configuration from explicit sources.
     *
     * @param agentArgs        the agent arguments, or {@code null}.
     * @param systemProperties the system properties.
     * @param environment      the environment variables.
     * @param warnings         receives one line per warning (unknown keys).
     * @return the configuration.
     * @throws ConfigException when a value is invalid.
     */
    public static SwitchboardConfig load(
        final String agentArgs,
        final Map<String, String> systemProperties,
        final Map<String, String> environment,
        final Consumer<String> warnings)
    {
        final Map<String, String> args = AgentArgs.parse(agentArgs);
        warnUnknown(args, systemProperties, environment, warnings);
        // otel.* agent args count as system properties for defaults (service.name from otel.service.name).
        final Map<String, String> defaults = new LinkedHashMap<>(systemProperties);
        defaults.putAll(otelArgs(args));

        final Map<ConfigKey<?>, Object> values = new IdentityHashMap<>();
        final Map<ConfigKey<?>, ConfigSource> sources = new IdentityHashMap<>();
        for (final ConfigKey<?> key : ConfigKeys.ALL)
        {
            final Object value;
            final ConfigSource source;
            if (args.containsKey(key.name()))
            {
                source = ConfigSource.AGENT_ARGS;
                value = key.parse(args.get(key.name()), source.description());
            }
            else if (systemProperties.containsKey(key.propertyName()))
            {
                source = ConfigSource.SYSTEM_PROPERTY;
                value = key.parse(systemProperties.get(key.propertyName()), source.description());
            }
            else if (environment.containsKey(key.envName()))
            {
                source = ConfigSource.ENVIRONMENT;
                value = key.parse(environment.get(key.envName()), source.description() + " " + key.envName());
            }
            else
            {
                source = ConfigSource.DEFAULT;
                value = key.parse(key.defaultText(defaults, environment), source.description());
            }
            values.put(key, value);
            sources.put(key, source);
        }
        final SwitchboardConfig config = new SwitchboardConfig(values, sources, patternValues(args, systemProperties));
        config.otelArgs = otelArgs(args);
        return config;
    }

    /**
     * A configuration with the defaults of this JVM overridden by {@code settings}; for tests and
     * tools. Unlike startup, an unknown key is an error here.
     *
     * @param settings keys without prefix ({@code timeout.ms}) and values.
     * @return the configuration.
     * @throws IllegalArgumentException for an unknown key.
     * @throws ConfigException          for an invalid value.
     */
    public static SwitchboardConfig of(final Map<String, String> settings)
    {
        for (final Map.Entry<String, String> entry : settings.entrySet())
        {
            if (null == ConfigKeys.find(entry.getKey()) && null == ConfigKeys.findPattern(entry.getKey()))
            {
                throw new IllegalArgumentException("unknown key " + entry.getKey() + "; did you mean " +
                    ConfigKeys.nearest(entry.getKey()).name() + "?");
            }
        }
        final Map<String, String> properties = new LinkedHashMap<>(systemProperties());
        properties.keySet().removeIf(name -> name.startsWith(ConfigKey.PROPERTY_PREFIX));
        for (final Map.Entry<String, String> entry : settings.entrySet())
        {
            properties.put(ConfigKey.PROPERTY_PREFIX + entry.getKey(), entry.getValue());
        }
        return load(null, properties, Map.of(), warning -> {});
    }

    /**
     * @param key a key from {@link ConfigKeys}.
     * @param <T> its value type.
     * @return the key's value.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(final ConfigKey<T> key)
    {
        return (T)values.get(key);
    }

    /**
     * @param pattern a key pattern from {@link ConfigKeys#PATTERNS}.
     * @return the variable part of each key given that matches it (e.g. an interface name) and its
     * value, agent args winning over system properties; empty when none was given.
     */
    public Map<String, String> get(final ConfigKeyPattern pattern)
    {
        return patternValues.getOrDefault(pattern, Map.of());
    }

    /**
     * @return interface name to the class name of its fallback ({@code switchboard.service.<interface>.fallback}).
     */
    public Map<String, String> serviceFallbacks()
    {
        return get(ConfigKeys.SERVICE_FALLBACK);
    }

    /**
     * @param key a key from {@link ConfigKeys}.
     * @return where its value came from.
     */
    public ConfigSource source(final ConfigKey<?> key)
    {
        return sources.get(key);
    }

    /**
     * @return interface or service names this process provides; {@code [*]} for all; empty for none.
     */
    public List<String> provide()
    {
        return get(ConfigKeys.PROVIDE);
    }

    /**
     * @return {@code true} when {@code switchboard.provide=*}.
     */
    public boolean providesAll()
    {
        return provide().contains("*");
    }

    /**
     * @return the registry address.
     */
    public RegistrySpec registry()
    {
        return get(ConfigKeys.REGISTRY);
    }

    /**
     * @return the directory of the local registry.
     */
    public String registryDir()
    {
        return get(ConfigKeys.REGISTRY_DIR);
    }

    /**
     * @return the process's logical name.
     */
    public String serviceName()
    {
        return get(ConfigKeys.SERVICE_NAME);
    }

    /**
     * @return what to do when no provider is reachable.
     */
    public Fallback fallback()
    {
        return get(ConfigKeys.FALLBACK);
    }

    /**
     * @return the default call deadline in milliseconds, greater than 0.
     */
    public long timeoutMillis()
    {
        return get(ConfigKeys.TIMEOUT_MS);
    }

    /**
     * @return the external media driver directory, or empty for an embedded driver.
     */
    public String aeronDir()
    {
        return get(ConfigKeys.AERON_DIR);
    }

    /**
     * @return {@code embedded}, {@code shared}, or an external driver's directory.
     */
    public String driver()
    {
        return get(ConfigKeys.DRIVER);
    }

    /**
     * @return the parent directory of the host-shared driver.
     */
    public String driverSharedDir()
    {
        return get(ConfigKeys.DRIVER_SHARED_DIR);
    }

    /**
     * @return how long a started shared driver outlives its last client, in milliseconds.
     */
    public long driverIdleMillis()
    {
        return get(ConfigKeys.DRIVER_IDLE_MS);
    }

    /**
     * @return where a provider listens.
     */
    public HostPort bind()
    {
        return get(ConfigKeys.BIND);
    }

    /**
     * @return the host consumers use to reach this provider, or empty for the bind host.
     */
    public String advertiseHost()
    {
        return get(ConfigKeys.ADVERTISE_HOST);
    }

    /**
     * @return the largest request or reply in bytes.
     */
    public int maxMessageBytes()
    {
        return get(ConfigKeys.MAX_MESSAGE_BYTES);
    }

    /**
     * @return the CPU versus latency profile.
     */
    public Profile profile()
    {
        return get(ConfigKeys.PROFILE);
    }

    /**
     * @return extra class names allowed on the wire.
     */
    public List<String> serializationAllow()
    {
        return get(ConfigKeys.SERIALIZATION_ALLOW);
    }

    /**
     * @return how many times an idempotent call is re-sent.
     */
    public int retries()
    {
        return get(ConfigKeys.RETRIES);
    }

    /**
     * @return how long a deregistered provider keeps answering on shutdown, in milliseconds.
     */
    public long shutdownGraceMillis()
    {
        return get(ConfigKeys.SHUTDOWN_GRACE_MS);
    }

    /**
     * @return how many calls a provider runs at once.
     */
    public int providerMaxConcurrent()
    {
        return get(ConfigKeys.PROVIDER_MAX_CONCURRENT);
    }

    /**
     * @return how many calls a provider queues while its workers are busy.
     */
    public int providerMaxQueued()
    {
        return get(ConfigKeys.PROVIDER_MAX_QUEUED);
    }

    /**
     * @return this provider's load-balancing weight ({@code switchboard.weight}).
     */
    public int weight()
    {
        return get(ConfigKeys.WEIGHT);
    }

    /**
     * @return the load balancing strategy.
     */
    public LoadBalance loadBalance()
    {
        return get(ConfigKeys.LOADBALANCE);
    }

    /**
     * @return the ZooKeeper session timeout in milliseconds.
     */
    public long registrySessionTimeoutMillis()
    {
        return get(ConfigKeys.REGISTRY_SESSION_TIMEOUT_MS);
    }

    /**
     * @return the shared secret, or empty; never print it.
     */
    public String authSecret()
    {
        return get(ConfigKeys.AUTH_SECRET);
    }

    /**
     * @return every key with its value and source; secret values are hidden.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("SwitchboardConfig{");
        for (final ConfigKey<?> key : ConfigKeys.ALL)
        {
            sb.append(sb.length() == "SwitchboardConfig{".length() ? "" : ", ").append(key.name()).append('=')
                .append(key.isSecret() ? "<hidden>" : values.get(key)).append(" (").append(sources.get(key).description())
                .append(')');
        }
        return sb.append('}').toString();
    }

    private static void warnUnknown(
        final Map<String, String> args,
        final Map<String, String> systemProperties,
        final Map<String, String> environment,
        final Consumer<String> warnings)
    {
        for (final String name : args.keySet())
        {
            if (null == ConfigKeys.find(name) && null == ConfigKeys.findPattern(name) && !name.startsWith(OTEL_PREFIX))
            {
                warnings.accept("switchboard: WARNING: unknown key \"" + name + "\" in agent args is ignored; " +
                    "did you mean \"" + ConfigKeys.nearest(name).name() + "\"?");
            }
        }
        for (final String property : systemProperties.keySet())
        {
            if (property.startsWith(ConfigKey.PROPERTY_PREFIX))
            {
                final String name = property.substring(ConfigKey.PROPERTY_PREFIX.length());
                if (null == ConfigKeys.find(name) && null == ConfigKeys.findPattern(name))
                {
                    warnings.accept("switchboard: WARNING: unknown system property " + property + " is ignored; " +
                        "did you mean " + ConfigKeys.nearest(name).propertyName() + "?");
                }
            }
        }
        for (final String variable : environment.keySet())
        {
            if (variable.startsWith(ConfigKey.ENV_PREFIX) && null == ConfigKeys.findByEnvName(variable))
            {
                final String name = variable.substring(ConfigKey.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                warnings.accept("switchboard: WARNING: unknown environment variable " + variable + " is ignored; " +
                    "did you mean " + ConfigKeys.nearest(name).envName() + "?");
            }
        }
    }

    /**
     * @return the {@code otel.*} keys given in the agent args (e.g. {@code otel.traces.exporter}), which
     * tracing reads with precedence over system properties and environment; empty when none.
     */
    public Map<String, String> otelArgs()
    {
        return otelArgs;
    }

    private static final String OTEL_PREFIX = "otel.";

    private static Map<ConfigKeyPattern, Map<String, String>> patternValues(
        final Map<String, String> args, final Map<String, String> systemProperties)
    {
        final Map<ConfigKeyPattern, Map<String, String>> result = new IdentityHashMap<>();
        for (final ConfigKeyPattern pattern : ConfigKeys.PATTERNS)
        {
            final Map<String, String> matches = new LinkedHashMap<>();
            for (final Map.Entry<String, String> property : systemProperties.entrySet())
            {
                if (property.getKey().startsWith(ConfigKey.PROPERTY_PREFIX))
                {
                    final String variable = pattern.match(property.getKey().substring(ConfigKey.PROPERTY_PREFIX.length()));
                    if (null != variable)
                    {
                        matches.put(variable, property.getValue().trim());
                    }
                }
            }
            for (final Map.Entry<String, String> arg : args.entrySet())
            {
                final String variable = pattern.match(arg.getKey());
                if (null != variable)
                {
                    matches.put(variable, arg.getValue().trim());
                }
            }
            for (final Map.Entry<String, String> match : matches.entrySet())
            {
                if (!Parsers.isClassName(match.getValue()))
                {
                    throw new ConfigException("switchboard: invalid value \"" + match.getValue() + "\" for " +
                        pattern.propertyName(match.getKey()) + ": expected " + pattern.accepted());
                }
            }
            result.put(pattern, Map.copyOf(matches));
        }
        return result;
    }

    private static Map<String, String> otelArgs(final Map<String, String> args)
    {
        final Map<String, String> otel = new LinkedHashMap<>();
        for (final Map.Entry<String, String> entry : args.entrySet())
        {
            if (entry.getKey().startsWith(OTEL_PREFIX))
            {
                otel.put(entry.getKey(), entry.getValue());
            }
        }
        return Map.copyOf(otel);
    }

    private static Map<String, String> systemProperties()
    {
        final Map<String, String> result = new LinkedHashMap<>();
        final Properties properties = System.getProperties();
        for (final String name : properties.stringPropertyNames())
        {
            result.put(name, properties.getProperty(name));
        }
        return result;
    }
}
