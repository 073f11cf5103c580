package io.switchboard.agent.config;

/**
 * Renders the configuration reference (a Markdown table) from {@link ConfigKeys#ALL}, so the
 * README cannot drift from the keys the agent accepts.
 */
public final class ConfigReference
{
    private ConfigReference()
    {
    }

    /**
     * @return a Markdown table: system property, environment variable, default, accepted values, description.
     */
    public static String markdown()
    {
        final StringBuilder sb = new StringBuilder()
            .append("| system property | environment variable | default | accepts | description |\n")
            .append("|---|---|---|---|---|\n");
        for (final ConfigKey<?> key : ConfigKeys.ALL)
        {
            sb.append("| `").append(key.propertyName()).append("` | `").append(key.envName()).append("` | ")
                .append(key.defaultDescription().isEmpty() ? "(empty)" : "`" + key.defaultDescription() + "`")
                .append(" | ").append(escape(key.accepted())).append(" | ").append(escape(key.description()))
                .append(" |\n");
        }
        for (final ConfigKeyPattern pattern : ConfigKeys.PATTERNS)
        {
            sb.append("| `").append(pattern.propertyPattern()).append("` | (none) | (none) | ")
                .append(escape(pattern.accepted())).append(" | ").append(escape(pattern.description())).append(" |\n");
        }
        return sb.toString();
    }

    private static String escape(final String text)
    {
        return text.replace("|", "\\|");
    }
}
