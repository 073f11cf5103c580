package io.switchboard.agent.registry;

import java.util.Objects;

/**
 * Identifies a service in the registry: its name (by default the interface's fully qualified name)
 * and its version ({@code ""} when the interface declares none).
 *
 * @param name    service name, never empty
 * @param version service version, never null, {@code ""} for unversioned services
 */
public record ServiceKey(String name, String version) implements Comparable<ServiceKey>
{
    /**
     * Validates the key.
     *
     * @throws IllegalArgumentException when the name is null or blank
     */
    public ServiceKey
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("service name must not be empty");
        }
        Objects.requireNonNull(version, "version (use \"\" for none)");
    }

    /**
     * Shorthand for {@code new ServiceKey(name, version)}.
     *
     * @param name    service name
     * @param version service version, {@code ""} for none
     * @return the key
     */
    public static ServiceKey of(final String name, final String version)
    {
        return new ServiceKey(name, version);
    }

    @Override
    public int compareTo(final ServiceKey other)
    {
        final int byName = name.compareTo(other.name);
        return byName != 0 ? byName : version.compareTo(other.version);
    }

    /** @return the form used in messages: {@code com.acme.Inventory (version "")} */
    @Override
    public String toString()
    {
        return name + " (version \"" + version + "\")";
    }
}
