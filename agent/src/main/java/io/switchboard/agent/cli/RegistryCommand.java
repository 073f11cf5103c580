package io.switchboard.agent.cli;

import java.util.List;

/**
 * {@code registry}: runs a standalone ZooKeeper server for development, until interrupted.
 */
public final class RegistryCommand implements Command
{
    /** The ZooKeeper client port when {@code --port} is absent. */
    public static final int DEFAULT_PORT = 2181;

    @Override
    public String name()
    {
        return "registry";
    }

    @Override
    public String summary()
    {
        return "run a standalone ZooKeeper registry for development";
    }

    @Override
    public List<Option> options()
    {
        return List.of(
            Option.value("port", "<port>", "client port (default " + DEFAULT_PORT + ")"),
            Option.value("dir", "<dir>", "data directory (default: a new temporary directory)"));
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context) throws UsageException
    {
        final int port = args.intValue("port", DEFAULT_PORT);
        if (port < 1 || port > 65535)
        {
            throw new UsageException("option --port needs a port from 1 to 65535, not " + port);
        }
        // Wired by the integration: start the embedded ZooKeeper on port and args.value("dir", null).
        return context.notAvailable(this);
    }
}
