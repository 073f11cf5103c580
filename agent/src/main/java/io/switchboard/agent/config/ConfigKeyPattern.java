package io.switchboard.agent.config;

import java.util.Objects;

/**
 * A family of keys with a variable part in the middle, such as
 * {@code switchboard.service.<interface name>.fallback}: one declaration in {@link ConfigKeys}, any
 * number of keys in use. Given as agent args or system properties; environment variables cannot
 * spell the variable part unambiguously (dots and case are lost), so they are not read for these.
 */
public final class ConfigKeyPattern
{
    private final String prefix;
    private final String placeholder;
    private final String suffix;
    private final String description;
    private final String accepted;

    private ConfigKeyPattern(
        final String prefix, final String placeholder, final String suffix, final String description,
        final String accepted)
    {
        this.prefix = Objects.requireNonNull(prefix);
        this.placeholder = Objects.requireNonNull(placeholder);
        this.suffix = Objects.requireNonNull(suffix);
        this.description = Objects.requireNonNull(description);
        this.accepted = Objects.requireNonNull(accepted);
    }

    /**
     * Declares a key pattern {@code prefix + <placeholder> + suffix}.
     *
     * @param prefix      the fixed start without the {@code switchboard.} prefix, e.g. {@code service.}.
     * @param placeholder what the variable part is, for the reference, e.g. {@code <interface name>}.
     * @param suffix      the fixed end, e.g. {@code .fallback}.
     * @param description one line for the configuration reference.
     * @param accepted    what the keys accept.
     * @return the pattern.
     */
    public static ConfigKeyPattern of(
        final String prefix, final String placeholder, final String suffix, final String description,
        final String accepted)
    {
        return new ConfigKeyPattern(prefix, placeholder, suffix, description, accepted);
    }

    /**
     * @param name a key name without the {@code switchboard.} prefix.
     * @return the variable part when the name matches, else {@code null}.
     */
    public String match(final String name)
    {
        if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix))
        {
            return name.substring(prefix.length(), name.length() - suffix.length());
        }
        return null;
    }

    /**
     * @param variable the variable part, e.g. {@code com.acme.Inventory}.
     * @return the system property, e.g. {@code switchboard.service.com.acme.Inventory.fallback}.
     */
    public String propertyName(final String variable)
    {
        return ConfigKey.PROPERTY_PREFIX + prefix + variable + suffix;
    }

    /**
     * @return the pattern as the reference shows it, e.g. {@code switchboard.service.<interface name>.fallback}.
     */
    public String propertyPattern()
    {
        return propertyName(placeholder);
    }

    /**
     * @return one line for the configuration reference.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return what the keys accept.
     */
    public String accepted()
    {
        return accepted;
    }

    @Override
    public String toString()
    {
        return propertyPattern();
    }
}
