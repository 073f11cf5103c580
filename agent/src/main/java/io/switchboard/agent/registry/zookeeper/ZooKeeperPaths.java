package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.registry.ProviderRecord;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a provider's node lives: {@code /switchboard/services/<service>@<version>/<instanceId>}, each
 * segment URL-encoded so a version or id with {@code /} cannot add a level.
 */
final class ZooKeeperPaths
{
    /** Parent of {@link ZooKeeperRegistry#SERVICES_PATH}. */
    static final String SWITCHBOARD_PATH = "/switchboard";

    private ZooKeeperPaths()
    {
    }

    /**
     * @param record the provider
     * @return the path of its ephemeral node, below the chroot
     */
    static String instancePath(final ProviderRecord record)
    {
        return servicePath(record) + "/" + segment(record.instanceId());
    }

    /**
     * @param record the provider
     * @return the path of its service and version node, the parent of its instance node
     */
    static String servicePath(final ProviderRecord record)
    {
        return ZooKeeperRegistry.SERVICES_PATH + "/" + segment(record.service() + "@" + record.version());
    }

    private static String segment(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
