package io.switchboard.agent.trace;

import java.util.Locale;
import java.util.Map;

/**
 * The standard OpenTelemetry SDK keys ({@code otel.*}) as Switchboard reads them: agent args first,
 * then system properties, then environment variables ({@code OTEL_TRACES_EXPORTER} for
 * {@code otel.traces.exporter}), like every other Switchboard key.
 */
public final class OtelSettings
{
    private final Map<String, String> agentArgs;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;

    /**
     * @param agentArgs        the {@code otel.*} keys from the agent args.
     * @param systemProperties the system properties.
     * @param environment      the environment variables.
     */
    public OtelSettings(
        final Map<String, String> agentArgs,
        final Map<String, String> systemProperties,
        final Map<String, String> environment)
    {
        this.agentArgs = agentArgs;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /**
     * @param key e.g. {@code otel.traces.exporter}.
     * @return its trimmed value, or {@code null} when unset or blank.
     */
    public String get(final String key)
    {
        String value = agentArgs.get(key);
        if (null == value)
        {
            value = systemProperties.get(key);
        }
        if (null == value)
        {
            value = environment.get(envName(key));
        }
        return null == value || value.isBlank() ? null : value.trim();
    }

    /**
     * @param key          e.g. {@code otel.exporter.zipkin.endpoint}.
     * @param defaultValue returned when unset.
     * @return its value or the default.
     */
    public String get(final String key, final String defaultValue)
    {
        final String value = get(key);
        return null == value ? defaultValue : value;
    }

    /**
     * @param key e.g. {@code otel.traces.exporter}.
     * @return e.g. {@code OTEL_TRACES_EXPORTER}.
     */
    static String envName(final String key)
    {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
