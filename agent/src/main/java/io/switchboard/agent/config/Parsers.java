package io.switchboard.agent.config;

import io.switchboard.agent.registry.RegistrySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The value parsers the key definitions use. Each throws {@link IllegalArgumentException} for an
 * unacceptable value; {@link ConfigKey#parse} turns that into the user facing message.
 */
public final class Parsers
{
    private static final String SERVICE_NAME_PUNCTUATION = "_$.-:/";

    private Parsers()
    {
    }

    /**
     * @return any text, as given (trimmed).
     */
    public static ValueParser<String> text()
    {
        return new ValueParser<>()
        {
            @Override
            public String parse(final String text)
            {
                return text;
            }
        };
    }

    /**
     * @return any text that is not empty.
     */
    public static ValueParser<String> nonEmptyText()
    {
        return new ValueParser<>()
        {
            @Override
            public String parse(final String text)
            {
                if (text.isEmpty())
                {
                    throw new IllegalArgumentException("empty");
                }
                return text;
            }
        };
    }

    /**
     * @param min the smallest accepted value.
     * @return a whole number of at least {@code min}.
     */
    public static ValueParser<Long> longAtLeast(final long min)
    {
        return new ValueParser<>()
        {
            @Override
            public Long parse(final String text)
            {
                final long value = Long.parseLong(text.replace("_", ""));
                if (value < min)
                {
                    throw new IllegalArgumentException(text);
                }
                return value;
            }
        };
    }

    /**
     * @param min the smallest accepted value.
     * @param max the largest accepted value.
     * @return a whole number between {@code min} and {@code max}.
     */
    public static ValueParser<Integer> intBetween(final int min, final int max)
    {
        return new ValueParser<>()
        {
            @Override
            public Integer parse(final String text)
            {
                final int value = Integer.parseInt(text.replace("_", ""));
                if (value < min || value > max)
                {
                    throw new IllegalArgumentException(text);
                }
                return value;
            }
        };
    }

    /**
     * @param min the smallest accepted size.
     * @param max the largest accepted size.
     * @return a size in bytes: plain bytes ({@code 1048576}) or with a binary suffix
     * ({@code 512k}, {@code 16m}, {@code 1g}, also {@code KiB}/{@code MiB}/{@code GiB}).
     */
    public static ValueParser<Integer> bytes(final int min, final int max)
    {
        return new ValueParser<>()
        {
            @Override
            public Integer parse(final String text)
            {
                String digits = text.toLowerCase(Locale.ROOT).replace("_", "");
                long unit = 1;
                if (digits.endsWith("ib"))
                {
                    digits = digits.substring(0, digits.length() - 2);
                }
                else if (digits.endsWith("b"))
                {
                    digits = digits.substring(0, digits.length() - 1);
                }
                if (digits.endsWith("k"))
                {
                    unit = 1024L;
                }
                else if (digits.endsWith("m"))
                {
                    unit = 1024L * 1024;
                }
                else if (digits.endsWith("g"))
                {
                    unit = 1024L * 1024 * 1024;
                }
                if (unit > 1)
                {
                    digits = digits.substring(0, digits.length() - 1);
                }
                final long value = Long.parseLong(digits.trim()) * unit;
                if (value < min || value > max)
                {
                    throw new IllegalArgumentException(text);
                }
                return (int)value;
            }
        };
    }

    /**
     * @return {@code true} or {@code false}, case-insensitive.
     */
    public static ValueParser<Boolean> bool()
    {
        return new ValueParser<>()
        {
            @Override
            public Boolean parse(final String text)
            {
                if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text))
                {
                    return Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException(text);
            }
        };
    }

    /**
     * @param values the accepted values; their {@code toString()} is the accepted text.
     * @param <E>    the enum type.
     * @return one of the values, case-insensitive.
     */
    @SafeVarargs
    public static <E extends Enum<E>> ValueParser<E> choice(final E... values)
    {
        return new ValueParser<>()
        {
            @Override
            public E parse(final String text)
            {
                for (final E value : values)
                {
                    if (value.toString().equalsIgnoreCase(text))
                    {
                        return value;
                    }
                }
                throw new IllegalArgumentException(text);
            }
        };
    }

    /**
     * @param values the accepted values.
     * @return the accepted-values text, {@code a or b} / {@code one of a, b, c}.
     */
    public static String describeChoice(final Enum<?>... values)
    {
        if (2 == values.length)
        {
            return values[0] + " or " + values[1];
        }
        final StringBuilder sb = new StringBuilder("one of ");
        for (int i = 0; i < values.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.toString();
    }

    /**
     * @return {@code host:port}, port 0 to 65535.
     */
    public static ValueParser<HostPort> hostPort()
    {
        return new ValueParser<>()
        {
            @Override
            public HostPort parse(final String text)
            {
                return HostPort.parse(text);
            }
        };
    }

    /**
     * @return {@code local} or {@code zookeeper://h:p[,h:p...][/chroot]}.
     */
    public static ValueParser<RegistrySpec> registry()
    {
        return new ValueParser<>()
        {
            @Override
            public RegistrySpec parse(final String text)
            {
                return RegistrySpec.parse(text);
            }
        };
    }

    /**
     * @return a comma list of class names (may be empty).
     */
    public static ValueParser<List<String>> classNames()
    {
        return new ValueParser<>()
        {
            @Override
            public List<String> parse(final String text)
            {
                final List<String> names = split(text);
                for (final String name : names)
                {
                    if (!isClassName(name))
                    {
                        throw new IllegalArgumentException(name);
                    }
                }
                return names;
            }
        };
    }

    /**
     * @return a comma list of interface names or service names, or {@code *} alone (may be empty).
     */
    public static ValueParser<List<String>> services()
    {
        return new ValueParser<>()
        {
            @Override
            public List<String> parse(final String text)
            {
                final List<String> names = split(text);
                if (names.contains("*"))
                {
                    if (names.size() != 1)
                    {
                        throw new IllegalArgumentException(text);
                    }
                    return names;
                }
                for (final String name : names)
                {
                    if (!isServiceName(name))
                    {
                        throw new IllegalArgumentException(name);
                    }
                }
                return names;
            }
        };
    }

    // Plain loops rather than regular expressions: this runs in premain, before the application's main.
    static boolean isClassName(final String name)
    {
        boolean segmentStart = true;
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (segmentStart ? !Character.isJavaIdentifierStart(c) : !Character.isJavaIdentifierPart(c) && '.' != c)
            {
                return false;
            }
            segmentStart = '.' == c;
        }
        return !name.isEmpty() && !segmentStart;
    }

    private static boolean isServiceName(final String name)
    {
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && SERVICE_NAME_PUNCTUATION.indexOf(c) < 0)
            {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static List<String> split(final String text)
    {
        final List<String> items = new ArrayList<>();
        if (text.isEmpty())
        {
            return List.of();
        }
        for (final String piece : text.split(",", -1))
        {
            final String item = piece.trim();
            if (item.isEmpty())
            {
                throw new IllegalArgumentException(text);
            }
            items.add(item);
        }
        return List.copyOf(items);
    }
}
