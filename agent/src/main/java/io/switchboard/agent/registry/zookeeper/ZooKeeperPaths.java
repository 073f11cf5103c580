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
    private ZooKeeperPaths()
    {
    }

    /**
     * @param record the provider
     * @return the path of its ephemeral node, below the chroot
     */
    static String instancePath(final ProviderRecord record)
    {
        return ZooKeeperRegistry.SERVICES_PATH + "/" + segment(record.service() + "@" + record.version()) + "/" +
            segment(record.instanceId());
    }

    private static String segment(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
