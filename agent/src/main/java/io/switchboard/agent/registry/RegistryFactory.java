package io.switchboard.agent.registry;

import io.switchboard.agent.registry.local.LocalRegistry;
import io.switchboard.agent.registry.local.LocalRegistryDirectory;

import java.nio.file.Path;

/**
 * Opens the registry backend named by {@code switchboard.registry}.
 */
public final class RegistryFactory
{
    private RegistryFactory()
    {
    }

    /**
     * @param registrySpec     the {@code switchboard.registry} value; null or blank means {@code local}
     * @param localDirOverride directory of the local registry ({@code switchboard.registry.dir}), or
     *                         null for the default ({@link LocalRegistryDirectory#defaultDirectory()})
     * @return an open registry; the caller closes it
     * @throws IllegalArgumentException when the spec is malformed or names a backend this build lacks
     * @throws java.io.UncheckedIOException when the local directory cannot be created
     */
    public static ServiceRegistry open(final String registrySpec, final Path localDirOverride)
    {
        final RegistrySpec spec = RegistrySpec.parse(registrySpec);
        switch (spec.kind())
        {
            case LOCAL:
                return LocalRegistry.open(
                    localDirOverride != null ? localDirOverride : LocalRegistryDirectory.defaultDirectory());
            case ZOOKEEPER:
                throw new IllegalArgumentException(RegistrySpec.KEY + "=" + registrySpec +
                    ": ZooKeeper support is not in this build yet; use registry=local (processes on one host)");
            default:
                throw new IllegalArgumentException(RegistrySpec.KEY + "=" + registrySpec + ": accepts " +
                    RegistrySpec.ACCEPTS);
        }
    }
}
