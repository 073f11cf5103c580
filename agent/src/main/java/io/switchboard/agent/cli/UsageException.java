package io.switchboard.agent.cli;

/**
 * The command line is wrong: the tool prints the message and the usage, and exits with
 * {@link Cli#EXIT_USAGE}.
 */
public final class UsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, e.g. {@code unknown option --prot}.
     */
    public UsageException(final String message)
    {
        super(message);
    }
}
