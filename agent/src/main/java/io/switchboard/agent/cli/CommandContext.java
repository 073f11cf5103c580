package io.switchboard.agent.cli;

import io.switchboard.agent.config.SwitchboardConfig;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What a command runs with: its output streams and, built on first use, the configuration from the
 * system properties and environment (so a bad variable only breaks the commands that need it).
 */
public final class CommandContext
{
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<SwitchboardConfig> configSupplier;
    private SwitchboardConfig config;

    /**
     * @param out            standard output.
     * @param err            standard error.
     * @param configSupplier builds the configuration; may throw {@code ConfigException}.
     */
    public CommandContext(final PrintStream out, final PrintStream err, final Supplier<SwitchboardConfig> configSupplier)
    {
        this.out = out;
        this.err = err;
        this.configSupplier = configSupplier;
    }

    /**
     * @return standard output: the command's results.
     */
    public PrintStream out()
    {
        return out;
    }

    /**
     * @return standard error: progress and problems.
     */
    public PrintStream err()
    {
        return err;
    }

    /**
     * @return the configuration from system properties and environment.
     * @throws io.switchboard.agent.config.ConfigException when a value is invalid.
     */
    public SwitchboardConfig config()
    {
        if (null == config)
        {
            config = configSupplier.get();
        }
        return config;
    }

    /**
     * Reports that {@code command} is declared but not wired in this build.
     *
     * @param command the command.
     * @return {@link Cli#EXIT_UNAVAILABLE}.
     */
    public int notAvailable(final Command command)
    {
        err.println("switchboard " + command.name() + ": not available in this build yet (" + command.summary() + ")");
        return Cli.EXIT_UNAVAILABLE;
    }
}
