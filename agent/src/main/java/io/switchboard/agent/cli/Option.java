package io.switchboard.agent.cli;

/**
 * One {@code --name value} option (or {@code --name} flag) of a command.
 *
 * @param name        the name without dashes, e.g. {@code port}.
 * @param valueName   the placeholder in usage text, e.g. {@code <port>}; {@code null} for a flag.
 * @param description one line for the help text, including the default.
 */
public record Option(String name, String valueName, String description)
{
    /**
     * @param name        the name without dashes.
     * @param valueName   the placeholder, e.g. {@code <port>}.
     * @param description one line, including the default.
     * @return an option that takes a value.
     */
    public static Option value(final String name, final String valueName, final String description)
    {
        return new Option(name, valueName, description);
    }

    /**
     * @param name        the name without dashes.
     * @param description one line.
     * @return an option without a value.
     */
    public static Option flag(final String name, final String description)
    {
        return new Option(name, null, description);
    }

    /**
     * @return {@code true} when the option takes no value.
     */
    public boolean isFlag()
    {
        return null == valueName;
    }

    /**
     * @return {@code --name <value>} or {@code --name}.
     */
    public String synopsis()
    {
        return isFlag() ? "--" + name : "--" + name + " " + valueName;
    }
}
