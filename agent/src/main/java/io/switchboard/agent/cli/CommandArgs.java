package io.switchboard.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's parsed arguments: {@code --name value}, {@code --name=value}, {@code --flag}, and
 * positional arguments, checked against the command's {@link Option}s.
 */
public final class CommandArgs
{
    private final Map<String, String> values;
    private final List<String> positionals;

    private CommandArgs(final Map<String, String> values, final List<String> positionals)
    {
        this.values = values;
        this.positionals = positionals;
    }

    /**
     * @param args    the arguments after the command name.
     * @param options the options the command accepts.
     * @return the parsed arguments.
     * @throws UsageException for an unknown option or a missing value.
     */
    public static CommandArgs parse(final List<String> args, final List<Option> options) throws UsageException
    {
        final Map<String, String> values = new HashMap<>();
        final List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (!arg.startsWith("--") || "--".equals(arg))
            {
                positionals.add(arg);
                continue;
            }
            final int eq = arg.indexOf('=');
            final String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            final Option option = find(options, name);
            if (null == option)
            {
                throw new UsageException("unknown option --" + name);
            }
            if (option.isFlag())
            {
                if (eq >= 0)
                {
                    throw new UsageException("option --" + name + " takes no value");
                }
                values.put(name, "true");
            }
            else if (eq >= 0)
            {
                values.put(name, arg.substring(eq + 1));
            }
            else if (i + 1 < args.size())
            {
                values.put(name, args.get(++i));
            }
            else
            {
                throw new UsageException("option --" + name + " needs a value " + option.valueName());
            }
        }
        return new CommandArgs(values, List.copyOf(positionals));
    }

    private static Option find(final List<Option> options, final String name)
    {
        for (final Option option : options)
        {
            if (option.name().equals(name))
            {
                return option;
            }
        }
        return null;
    }

    /**
     * @param name         the option name.
     * @param defaultValue returned when the option is absent.
     * @return the option's value.
     */
    public String value(final String name, final String defaultValue)
    {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * @param name         the option name.
     * @param defaultValue returned when the option is absent.
     * @return the option's value as an int.
     * @throws UsageException when the value is not a whole number.
     */
    public int intValue(final String name, final int defaultValue) throws UsageException
    {
        final String value = values.get(name);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException("option --" + name + " needs a whole number, not \"" + value + "\"");
        }
    }

    /**
     * @param name the flag name.
     * @return {@code true} when the flag was given.
     */
    public boolean flag(final String name)
    {
        return values.containsKey(name);
    }

    /**
     * @return the arguments that are not options, in order.
     */
    public List<String> positionals()
    {
        return positionals;
    }
}
