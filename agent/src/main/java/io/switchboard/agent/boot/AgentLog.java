package io.switchboard.agent.boot;

import java.io.PrintStream;

/**
 * The agent's few startup and failure messages, on stderr, each prefixed {@code switchboard:}.
 * Not for hot paths.
 */
public final class AgentLog
{
    private final PrintStream err;

    /**
     * @param err where messages go, normally {@code System.err}.
     */
    public AgentLog(final PrintStream err)
    {
        this.err = err;
    }

    /**
     * @param line a complete line, already prefixed.
     */
    public void line(final String line)
    {
        err.println(line);
    }

    /**
     * @param message what happened and what the user can do.
     */
    public void warn(final String message)
    {
        err.println("switchboard: WARNING: " + message);
    }

    /**
     * @param message what failed and what happens now.
     * @param cause   the failure, printed with its stack trace.
     */
    public void error(final String message, final Throwable cause)
    {
        err.println("switchboard: ERROR: " + message + ": " + cause);
        cause.printStackTrace(err);
    }
}
