package io.switchboard.agent.config;

import java.util.Map;

/**
 * Computes a key's default text from the JVM's system properties and environment, for defaults
 * that depend on the process (such as {@code service.name}).
 */
@FunctionalInterface
public interface DefaultValue
{
    /**
     * @param systemProperties the JVM's system properties.
     * @param environment      the process environment.
     * @return the default as text, parsed like any other value.
     */
    String compute(Map<String, String> systemProperties, Map<String, String> environment);
}
