package io.switchboard.agent.registry;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable text form of a {@link ProviderRecord}, shared by every backend: UTF-8, one {@code key=value}
 * per line, properties-style.
 *
 * <pre>
 * # Switchboard provider record
 * format=1
 * service=com.acme.Inventory
 * version=
 * instanceId=4242-9f3c01d2e4
 * endpoint=aeron:ipc?term-length=64k|stream=1001
 * host=build-7
 * pid=4242
 * startTimeMillis=1764110000000
 * weight=100
 * methodTableHash=00000000cafebabe
 * attr.signature=...
 * </pre>
 *
 * <p>Rules: lines starting with {@code #} and blank lines are ignored; the key ends at the first
 * {@code =}; values escape {@code \\}, newline ({@code \n}), carriage return ({@code \r}), tab
 * ({@code \t}) and other control characters ({@code \}{@code uXXXX}); {@code methodTableHash} is 16 hex
 * digits; attributes are {@code attr.<name>}. Readers ignore unknown keys of the same format, so
 * fields can be added without a format bump; a {@code format} above {@value #FORMAT} is refused.
 */
public final class ProviderRecordCodec
{
    /** The format this build writes and the highest it reads. */
    public static final int FORMAT = 1;

    private static final String ATTRIBUTE_PREFIX = "attr.";

    private ProviderRecordCodec()
    {
    }

    /**
     * @param record the record
     * @return its text form
     */
    public static String encode(final ProviderRecord record)
    {
        final StringBuilder out = new StringBuilder(256);
        out.append("# Switchboard provider record\n");
        line(out, "format", Integer.toString(FORMAT));
        line(out, "service", record.service());
        line(out, "version", record.version());
        line(out, "instanceId", record.instanceId());
        line(out, "endpoint", record.endpoint());
        line(out, "host", record.host());
        line(out, "pid", Long.toString(record.pid()));
        line(out, "startTimeMillis", Long.toString(record.startTimeMillis()));
        line(out, "weight", Integer.toString(record.weight()));
        line(out, "methodTableHash", String.format("%016x", record.methodTableHash()));
        for (final Map.Entry<String, String> e : record.attributes().entrySet())
        {
            line(out, ATTRIBUTE_PREFIX + e.getKey(), e.getValue());
        }
        return out.toString();
    }

    /**
     * @param record the record
     * @return its text form as UTF-8 bytes
     */
    public static byte[] encodeToBytes(final ProviderRecord record)
    {
        return encode(record).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bytes UTF-8 text form
     * @return the record
     * @throws CorruptRecordException when the text is not a valid record
     */
    public static ProviderRecord decode(final byte[] bytes) throws CorruptRecordException
    {
        return decode(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * @param text text form
     * @return the record
     * @throws CorruptRecordException naming the line or field when the text is not a valid record
     */
    public static ProviderRecord decode(final String text) throws CorruptRecordException
    {
        final Map<String, String> fields = new HashMap<>();
        final Map<String, String> attributes = new TreeMap<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            String line = lines[i];
            if (line.endsWith("\r"))
            {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int eq = line.indexOf('=');
            if (eq <= 0)
            {
                throw new CorruptRecordException("line " + (i + 1) + ": expected key=value but found '" +
                    abbreviate(line) + "'");
            }
            final String key = line.substring(0, eq);
            final String value = unescape(line.substring(eq + 1), i + 1);
            final Map<String, String> target;
            final String name;
            if (key.startsWith(ATTRIBUTE_PREFIX))
            {
                target = attributes;
                name = key.substring(ATTRIBUTE_PREFIX.length());
                if (!ProviderRecord.ATTRIBUTE_NAME.matcher(name).matches())
                {
                    throw new CorruptRecordException("line " + (i + 1) + ": bad attribute name '" + key + "'");
                }
            }
            else
            {
                target = fields;
                name = key;
            }
            if (target.put(name, value) != null)
            {
                throw new CorruptRecordException("line " + (i + 1) + ": duplicate key '" + key + "'");
            }
        }

        final String format = fields.get("format");
        if (format == null)
        {
            throw new CorruptRecordException("missing 'format' line: not a Switchboard provider record");
        }
        final long formatVersion = number(fields, "format");
        if (formatVersion < 1 || formatVersion > FORMAT)
        {
            throw new CorruptRecordException("format " + format + " is not supported (this build reads 1.." +
                FORMAT + "); the entry was written by a different Switchboard version");
        }

        final long weight = number(fields, "weight");
        if (weight < 0 || weight > Integer.MAX_VALUE)
        {
            throw new CorruptRecordException("weight out of range: " + weight);
        }
        final String hash = required(fields, "methodTableHash");
        final long methodTableHash;
        try
        {
            if (hash.isEmpty() || hash.length() > 16)
            {
                throw new NumberFormatException();
            }
            methodTableHash = Long.parseUnsignedLong(hash, 16);
        }
        catch (final NumberFormatException ex)
        {
            throw new CorruptRecordException("methodTableHash is not 1-16 hex digits: '" + abbreviate(hash) + "'");
        }

        try
        {
            return new ProviderRecord(
                required(fields, "service"),
                required(fields, "version"),
                required(fields, "instanceId"),
                required(fields, "endpoint"),
                required(fields, "host"),
                number(fields, "pid"),
                number(fields, "startTimeMillis"),
                (int)weight,
                methodTableHash,
                attributes);
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            throw new CorruptRecordException(ex.getMessage());
        }
    }

    private static String required(final Map<String, String> fields, final String key)
        throws CorruptRecordException
    {
        final String value = fields.get(key);
        if (value == null)
        {
            throw new CorruptRecordException("missing '" + key + "'");
        }
        return value;
    }

    private static long number(final Map<String, String> fields, final String key) throws CorruptRecordException
    {
        final String value = required(fields, key);
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new CorruptRecordException(key + " is not a number: '" + abbreviate(value) + "'");
        }
    }

    private static void line(final StringBuilder out, final String key, final String value)
    {
        out.append(key).append('=');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x7f)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('\n');
    }

    private static String unescape(final String value, final int lineNumber) throws CorruptRecordException
    {
        if (value.indexOf('\\') < 0)
        {
            return value;
        }
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            if (++i == value.length())
            {
                throw new CorruptRecordException("line " + lineNumber + ": value ends with a lone backslash");
            }
            final char e = value.charAt(i);
            switch (e)
            {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' ->
                {
                    if (i + 5 > value.length())
                    {
                        throw new CorruptRecordException("line " + lineNumber + ": truncated \\u escape");
                    }
                    try
                    {
                        out.append((char)Integer.parseInt(value.substring(i + 1, i + 5), 16));
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw new CorruptRecordException("line " + lineNumber + ": bad \\u escape");
                    }
                    i += 4;
                }
                default -> throw new CorruptRecordException(
                    "line " + lineNumber + ": unknown escape '\\" + e + "'");
            }
        }
        return out.toString();
    }

    private static String abbreviate(final String s)
    {
        final String printable = s.replaceAll("[\\p{Cntrl}\\x{FFFD}]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }
}
