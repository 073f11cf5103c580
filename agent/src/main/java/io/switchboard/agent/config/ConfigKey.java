package io.switchboard.agent.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of one configuration key: its name, how its value is parsed, its default, a
 * one-line description and the text that says what it accepts. All keys are declared once, in
 * {@link ConfigKeys}; the configuration reference in the README is generated from them.
 *
 * @param <T> the type of the parsed value.
 */
public final class ConfigKey<T>
{
    /** Prefix of every system property. */
    public static final String PROPERTY_PREFIX = "switchboard.";

    /** Prefix of every environment variable. */
    public static final String ENV_PREFIX = "SWITCHBOARD_";

    private final String name;
    private final ValueParser<T> parser;
    private final DefaultValue defaultValue;
    private final String defaultDescription;
    private final String description;
    private final String accepted;
    private final boolean secret;

    private ConfigKey(
        final String name,
        final ValueParser<T> parser,
        final DefaultValue defaultValue,
        final String defaultDescription,
        final String description,
        final String accepted,
        final boolean secret)
    {
        this.name = Objects.requireNonNull(name);
        this.parser = Objects.requireNonNull(parser);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.defaultDescription = Objects.requireNonNull(defaultDescription);
        this.description = Objects.requireNonNull(description);
        this.accepted = Objects.requireNonNull(accepted);
        this.secret = secret;
    }

    /**
     * Declares a key with a fixed default.
     *
     * @param name        the name without prefix, e.g. {@code timeout.ms}.
     * @param parser      parses and validates the value.
     * @param defaultText the default, as text.
     * @param description one line for the configuration reference.
     * @param accepted    what the key accepts, completing "expected ...".
     * @param <T>         the value type.
     * @return the key.
     */
    public static <T> ConfigKey<T> of(
        final String name,
        final ValueParser<T> parser,
        final String defaultText,
        final String description,
        final String accepted)
    {
        return new ConfigKey<>(name, parser, new FixedDefault(defaultText), defaultText, description, accepted, false);
    }

    /**
     * Declares a key whose default depends on the process.
     *
     * @param name               the name without prefix.
     * @param parser             parses and validates the value.
     * @param defaultValue       computes the default text.
     * @param defaultDescription how the reference describes the default.
     * @param description        one line for the configuration reference.
     * @param accepted           what the key accepts.
     * @param <T>                the value type.
     * @return the key.
     */
    public static <T> ConfigKey<T> computed(
        final String name,
        final ValueParser<T> parser,
        final DefaultValue defaultValue,
        final String defaultDescription,
        final String description,
        final String accepted)
    {
        return new ConfigKey<>(name, parser, defaultValue, defaultDescription, description, accepted, false);
    }

    /**
     * Declares a key whose value is never printed.
     *
     * @param name        the name without prefix.
     * @param parser      parses and validates the value.
     * @param description one line for the configuration reference.
     * @param accepted    what the key accepts.
     * @param <T>         the value type.
     * @return the key, with an empty default.
     */
    public static <T> ConfigKey<T> secret(
        final String name, final ValueParser<T> parser, final String description, final String accepted)
    {
        return new ConfigKey<>(name, parser, new FixedDefault(""), "(none)", description, accepted, true);
    }

    /**
     * @return the name without prefix, as used in agent args, e.g. {@code timeout.ms}.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the system property, e.g. {@code switchboard.timeout.ms}.
     */
    public String propertyName()
    {
        return PROPERTY_PREFIX + name;
    }

    /**
     * @return the environment variable, e.g. {@code SWITCHBOARD_TIMEOUT_MS}.
     */
    public String envName()
    {
        return envName(name);
    }

    /**
     * @param name a key name without prefix.
     * @return its environment variable: dots become underscores, upper case.
     */
    public static String envName(final String name)
    {
        return ENV_PREFIX + name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * @return one line for the configuration reference.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return what the key accepts, completing "expected ...".
     */
    public String accepted()
    {
        return accepted;
    }

    /**
     * @return the default as the configuration reference shows it.
     */
    public String defaultDescription()
    {
        return defaultDescription;
    }

    /**
     * @return {@code true} when the value must never be printed.
     */
    public boolean isSecret()
    {
        return secret;
    }

    String defaultText(final Map<String, String> systemProperties, final Map<String, String> environment)
    {
        return defaultValue.compute(systemProperties, environment);
    }

    /**
     * Parses a value of this key.
     *
     * @param text   the value as given.
     * @param source where it came from, for the error message.
     * @return the typed value.
     * @throws ConfigException when the value is not acceptable.
     */
    public T parse(final String text, final String source)
    {
        try
        {
            final T value = parser.parse(text.trim());
            if (null == value)
            {
                throw ConfigException.invalidValue(this, text, source);
            }
            return value;
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.invalidValue(this, text, source);
        }
    }

    private static final class FixedDefault implements DefaultValue
    {
        private final String text;

        FixedDefault(final String text)
        {
            this.text = text;
        }

        @Override
        public String compute(final Map<String, String> systemProperties, final Map<String, String> environment)
        {
            return text;
        }
    }

    @Override
    public String toString()
    {
        return propertyName();
    }
}
