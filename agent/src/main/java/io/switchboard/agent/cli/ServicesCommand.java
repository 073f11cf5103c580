package io.switchboard.agent.cli;

import io.switchboard.agent.config.ConfigKeys;

import java.util.List;

/**
 * {@code services}: prints a table of the registered services and their instances.
 */
public final class ServicesCommand implements Command
{
    @Override
    public String name()
    {
        return "services";
    }

    @Override
    public String summary()
    {
        return "list the registered services and their instances";
    }

    @Override
    public List<Option> options()
    {
        return List.of(
            Option.value("registry", "<address>", "local or zookeeper://host:port[,...][/chroot] (default: " +
                ConfigKeys.REGISTRY.propertyName() + ")"),
            Option.value("registry-dir", "<dir>", "local registry directory (default: " +
                ConfigKeys.REGISTRY_DIR.propertyName() + ")"));
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context)
    {
        // Wired by the integration: read the registry named by args or context.config() and print a table.
        return context.notAvailable(this);
    }
}
