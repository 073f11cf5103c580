package io.switchboard.demo.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for Zipkin's API answers: objects become {@link Map}s, arrays {@link List}s,
 * numbers {@link Double}s. Enough for the demo, so it needs no JSON library.
 */
final class Json
{
    private final String text;
    private int at;

    private Json(final String text)
    {
        this.text = text;
    }

    /**
     * @param text a JSON document.
     * @return its value.
     * @throws IllegalArgumentException when {@code text} is not JSON.
     */
    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.value();
        json.skipSpace();
        if (json.at != text.length())
        {
            throw json.error("end of document");
        }
        return value;
    }

    private Object value()
    {
        skipSpace();
        if (at >= text.length())
        {
            throw error("a value");
        }
        final char c = text.charAt(at);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek('}'))
        {
            return map;
        }
        do
        {
            skipSpace();
            final String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
        }
        while (peek(','));
        expect('}');
        return map;
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        at++;
        skipSpace();
        if (peek(']'))
        {
            return list;
        }
        do
        {
            list.add(value());
            skipSpace();
        }
        while (peek(','));
        expect(']');
        return list;
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (at < text.length())
        {
            final char c = text.charAt(at++);
            if ('"' == c)
            {
                return out.toString();
            }
            if ('\\' == c)
            {
                final char e = text.charAt(at++);
                switch (e)
                {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' ->
                    {
                        out.append((char)Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
            else
            {
                out.append(c);
            }
        }
        throw error("closing quote");
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, at))
        {
            throw error(word);
        }
        at += word.length();
        return value;
    }

    private Double number()
    {
        final int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0)
        {
            at++;
        }
        if (start == at)
        {
            throw error("a value");
        }
        return Double.valueOf(text.substring(start, at));
    }

    private boolean peek(final char c)
    {
        if (at < text.length() && text.charAt(at) == c)
        {
            at++;
            return true;
        }
        return false;
    }

    private void expect(final char c)
    {
        if (!peek(c))
        {
            throw error("'" + c + "'");
        }
    }

    private void skipSpace()
    {
        while (at < text.length() && Character.isWhitespace(text.charAt(at)))
        {
            at++;
        }
    }

    private IllegalArgumentException error(final String expected)
    {
        return new IllegalArgumentException("not JSON: expected " + expected + " at offset " + at + " of " +
            text.substring(0, Math.min(text.length(), 200)));
    }
}
