package io.switchboard.agent.cli;

import java.util.List;

/**
 * One command of {@code java -jar switchboard-agent.jar <command>}. To add or wire a command,
 * write (or change) one class and list it in {@link Cli#commands()}.
 */
public interface Command
{
    /**
     * @return the word that selects the command, e.g. {@code registry}.
     */
    String name();

    /**
     * @return one line for {@code help}.
     */
    String summary();

    /**
     * @return the options the command accepts; {@link Cli} parses and checks them.
     */
    default List<Option> options()
    {
        return List.of();
    }

    /**
     * Runs the command. Long-running commands (driver, registry) return when interrupted or shut down.
     *
     * @param args    the parsed arguments.
     * @param context output streams and the configuration.
     * @return the exit status: {@link Cli#EXIT_OK}, {@link Cli#EXIT_FAILURE}, ...
     * @throws UsageException when the arguments are wrong in a way the parser cannot see.
     * @throws Exception      on failure; the tool prints it and exits with {@link Cli#EXIT_FAILURE}.
     */
    int run(CommandArgs args, CommandContext context) throws Exception;
}
