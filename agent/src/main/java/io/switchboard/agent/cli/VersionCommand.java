package io.switchboard.agent.cli;

import io.switchboard.agent.boot.AgentVersion;

/**
 * {@code version}: prints the agent's version.
 */
public final class VersionCommand implements Command
{
    @Override
    public String name()
    {
        return "version";
    }

    @Override
    public String summary()
    {
        return "print the Switchboard version";
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context)
    {
        context.out().println("switchboard " + AgentVersion.get());
        return Cli.EXIT_OK;
    }
}
