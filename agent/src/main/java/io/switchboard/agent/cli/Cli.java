package io.switchboard.agent.cli;

import io.switchboard.agent.config.ConfigException;
import io.switchboard.agent.config.SwitchboardConfig;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar switchboard-agent.jar <command> [options]}: finds the command, parses its
 * options and runs it. Called reflectively by {@code SwitchboardAgent.main} inside the agent's
 * class loader.
 */
public final class Cli
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The command failed. */
    public static final int EXIT_FAILURE = 1;
    /** Wrong command line: unknown command or option. */
    public static final int EXIT_USAGE = 2;
    /** The command exists but is not available in this build. */
    public static final int EXIT_UNAVAILABLE = 3;
    /** The Switchboard configuration (system properties, environment) is invalid. */
    public static final int EXIT_BAD_CONFIGURATION = 78;

    private Cli()
    {
    }

    /**
     * @return every command, in the order {@code help} lists them.
     */
    public static List<Command> commands()
    {
        return List.of(new HelpCommand(), new VersionCommand(), new RegistryCommand(), new DriverCommand(),
            new ServicesCommand());
    }

    /**
     * Runs a command with the JVM's streams and configuration.
     *
     * @param args the command line.
     * @return the exit status.
     */
    public static int run(final String[] args)
    {
        return run(Arrays.asList(args), System.out, System.err);
    }

    /**
     * @param args the command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        final CommandContext context = new CommandContext(out, err, () -> SwitchboardConfig.fromJvm(null, err::println));
        if (args.isEmpty())
        {
            printUsage(err);
            return EXIT_USAGE;
        }
        final Command command = find(args.get(0));
        if (null == command)
        {
            err.println("switchboard: unknown command \"" + args.get(0) + "\"");
            printUsage(err);
            return EXIT_USAGE;
        }
        final List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h"))
        {
            printCommandUsage(command, out);
            return EXIT_OK;
        }
        try
        {
            return command.run(CommandArgs.parse(rest, command.options()), context);
        }
        catch (final UsageException ex)
        {
            err.println("switchboard " + command.name() + ": " + ex.getMessage());
            printCommandUsage(command, err);
            return EXIT_USAGE;
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return EXIT_BAD_CONFIGURATION;
        }
        catch (final Exception ex)
        {
            err.println("switchboard " + command.name() + ": failed: " + ex);
            ex.printStackTrace(err);
            return EXIT_FAILURE;
        }
    }

    static Command find(final String name)
    {
        for (final Command command : commands())
        {
            if (command.name().equals(name))
            {
                return command;
            }
        }
        return null;
    }

    static void printUsage(final PrintStream out)
    {
        out.println("usage: java -jar switchboard-agent.jar <command> [options]");
        out.println();
        out.println("commands:");
        for (final Command command : commands())
        {
            out.printf("  %-10s %s%n", command.name(), command.summary());
        }
        out.println();
        out.println("Run 'java -jar switchboard-agent.jar help <command>' for a command's options.");
    }

    static void printCommandUsage(final Command command, final PrintStream out)
    {
        final StringBuilder synopsis = new StringBuilder("usage: java -jar switchboard-agent.jar ").append(command.name());
        for (final Option option : command.options())
        {
            synopsis.append(" [").append(option.synopsis()).append(']');
        }
        out.println(synopsis);
        out.println(command.summary());
        for (final Option option : command.options())
        {
            out.printf("  %-24s %s%n", option.synopsis(), option.description());
        }
    }
}
