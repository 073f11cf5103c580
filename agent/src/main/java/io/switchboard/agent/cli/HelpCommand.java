package io.switchboard.agent.cli;

/**
 * {@code help [command]}: lists the commands, or one command's options.
 */
public final class HelpCommand implements Command
{
    @Override
    public String name()
    {
        return "help";
    }

    @Override
    public String summary()
    {
        return "list the commands, or show one command's options: help <command>";
    }

    @Override
    public int run(final CommandArgs args, final CommandContext context) throws UsageException
    {
        if (args.positionals().isEmpty())
        {
            Cli.printUsage(context.out());
            return Cli.EXIT_OK;
        }
        final Command command = Cli.find(args.positionals().get(0));
        if (null == command)
        {
            throw new UsageException("unknown command \"" + args.positionals().get(0) + "\"");
        }
        Cli.printCommandUsage(command, context.out());
        return Cli.EXIT_OK;
    }
}
