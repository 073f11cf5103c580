package io.switchboard.agent.registry;

import io.switchboard.agent.registry.local.LocalRegistry;
import io.switchboard.agent.registry.local.LocalRegistryDirectory;
import io.switchboard.agent.registry.zookeeper.ZooKeeperRegistry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the registry backend named by {@code switchboard.registry}.
 */
public final class RegistryFactory
{
    private RegistryFactory()
    {
    }

    /** ZooKeeper session timeout when none is given: the default of {@code switchboard.registry.session.timeout.ms}. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMillis(5000);

    /**
     * Opens a registry with the default ZooKeeper session timeout.
     *
     * @param registrySpec     the {@code switchboard.registry} value; null or blank means {@code local}
     * @param localDirOverride directory of the local registry ({@code switchboard.registry.dir}), or
     *                         null for the default ({@link LocalRegistryDirectory#defaultDirectory()})
     * @return an open registry; the caller closes it
     * @throws IllegalArgumentException when the spec is malformed or names a backend this build lacks
     * @throws java.io.UncheckedIOException when the local directory cannot be created
     */
    public static ServiceRegistry open(final String registrySpec, final Path localDirOverride)
    {
        return open(registrySpec, localDirOverride, DEFAULT_SESSION_TIMEOUT);
    }

    /**
     * @param registrySpec     the {@code switchboard.registry} value; null or blank means {@code local}
     * @param localDirOverride directory of the local registry, or null for the default
     * @param sessionTimeout   ZooKeeper session timeout ({@code switchboard.registry.session.timeout.ms})
     * @return an open registry; the caller closes it. A ZooKeeper registry connects in the background
     * @throws IllegalArgumentException when the spec is malformed
     * @throws java.io.UncheckedIOException when the local directory cannot be created
     */
    public static ServiceRegistry open(final String registrySpec, final Path localDirOverride,
        final Duration sessionTimeout)
    {
        return open(RegistrySpec.parse(registrySpec), localDirOverride, sessionTimeout);
    }

    /**
     * @param spec             the parsed {@code switchboard.registry} value
     * @param localDirOverride directory of the local registry, or null for the default
     * @param sessionTimeout   ZooKeeper session timeout ({@code switchboard.registry.session.timeout.ms})
     * @return an open registry; the caller closes it. A ZooKeeper registry connects in the background
     * @throws java.io.UncheckedIOException when the local directory cannot be created
     */
    public static ServiceRegistry open(final RegistrySpec spec, final Path localDirOverride,
        final Duration sessionTimeout)
    {
        return open(spec, localDirOverride, sessionTimeout, null);
    }

    /**
     * @param spec             the parsed {@code switchboard.registry} value
     * @param localDirOverride directory of the local registry, or null for the default
     * @param sessionTimeout   ZooKeeper session timeout ({@code switchboard.registry.session.timeout.ms})
     * @param credential       ZooKeeper digest credential (see {@link RegistryCredential#fromConfig}), or null;
     *                         the local registry has no use for it
     * @return an open registry; the caller closes it. A ZooKeeper registry connects in the background
     * @throws java.io.UncheckedIOException when the local directory cannot be created
     */
    public static ServiceRegistry open(final RegistrySpec spec, final Path localDirOverride,
        final Duration sessionTimeout, final RegistryCredential credential)
    {
        switch (spec.kind())
        {
            case LOCAL:
                return LocalRegistry.open(
                    localDirOverride != null ? localDirOverride : LocalRegistryDirectory.defaultDirectory());
            case ZOOKEEPER:
                return ZooKeeperRegistry.open(spec, ZooKeeperRegistry.Timing.forSessionTimeout(sessionTimeout),
                    credential);
            default:
                throw new IllegalArgumentException(RegistrySpec.KEY + "=" + spec + ": accepts " +
                    RegistrySpec.ACCEPTS);
        }
    }
}
