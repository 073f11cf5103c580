package io.switchboard.agent.registry;

import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.ConfigSource;
import io.switchboard.agent.config.SwitchboardConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The ZooKeeper digest credential ({@code user:password}) that lets a process register providers in a
 * registry protected by digest ACLs. It comes from the environment variable
 * {@code SWITCHBOARD_REGISTRY_AUTH} or from the file named by {@code switchboard.registry.auth.file}; never
 * from a system property or agent argument, which other local users can read in the process list. It is
 * never printed: {@link #toString()} shows only the user.
 */
public final class RegistryCredential
{
    private final String user;
    private final String password;

    private RegistryCredential(final String user, final String password)
    {
        this.user = user;
        this.password = password;
    }

    /**
     * @param userPassword {@code user:password}
     * @param origin       where it came from, for messages (never the value itself)
     * @return the credential
     * @throws IllegalArgumentException when it is not {@code user:password} with both parts non-empty
     */
    public static RegistryCredential parse(final String userPassword, final String origin)
    {
        final String text = userPassword == null ? "" : userPassword.strip();
        final int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw new IllegalArgumentException("the ZooKeeper registry credential from " + origin +
                " is not user:password (both parts non-empty); fix it or unset it to register without digest ACLs");
        }
        return new RegistryCredential(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * @param file a file whose first line is {@code user:password}
     * @return the credential
     * @throws IllegalArgumentException when the file cannot be read or does not hold {@code user:password}
     */
    public static RegistryCredential readFile(final Path file)
    {
        final String origin = "the file " + file + " (" + ConfigKeys.REGISTRY_AUTH_FILE.propertyName() + ")";
        try
        {
            final String content = Files.readString(file, StandardCharsets.UTF_8);
            final int newline = content.indexOf('\n');
            return parse(newline < 0 ? content : content.substring(0, newline), origin);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the ZooKeeper registry credential from " + origin + ": " +
                ex + "; make it readable by this user or unset " + ConfigKeys.REGISTRY_AUTH_FILE.propertyName(), ex);
        }
    }

    /**
     * @param config the agent's or tool's configuration
     * @return the configured credential, or empty when neither {@code SWITCHBOARD_REGISTRY_AUTH} nor
     *         {@code switchboard.registry.auth.file} is set
     * @throws IllegalArgumentException when the credential was given as a system property or agent
     *                                  argument, when both sources are set, or when it is malformed
     */
    public static Optional<RegistryCredential> fromConfig(final SwitchboardConfig config)
    {
        final String direct = config.get(ConfigKeys.REGISTRY_AUTH);
        final String file = config.get(ConfigKeys.REGISTRY_AUTH_FILE);
        final ConfigSource source = config.source(ConfigKeys.REGISTRY_AUTH);
        if (!direct.isEmpty() && source != ConfigSource.ENVIRONMENT)
        {
            throw new IllegalArgumentException(ConfigKeys.REGISTRY_AUTH.propertyName() + " was given as a " +
                source.description() + ", where other users of this host can read it in the process list; set the " +
                "environment variable " + ConfigKeys.REGISTRY_AUTH.envName() + " or put user:password in a file " +
                "named by " + ConfigKeys.REGISTRY_AUTH_FILE.propertyName() + " instead");
        }
        if (!direct.isEmpty() && !file.isEmpty())
        {
            throw new IllegalArgumentException("both " + ConfigKeys.REGISTRY_AUTH.envName() + " and " +
                ConfigKeys.REGISTRY_AUTH_FILE.propertyName() + " are set; set only one");
        }
        if (!direct.isEmpty())
        {
            return Optional.of(parse(direct, "the environment variable " + ConfigKeys.REGISTRY_AUTH.envName()));
        }
        return file.isEmpty() ? Optional.empty() : Optional.of(readFile(Path.of(file)));
    }

    /** @return the user name (not secret) */
    public String user()
    {
        return user;
    }

    /** @return {@code user:password}, for ZooKeeper's digest scheme only; never log it */
    public byte[] digestAuth()
    {
        return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** @return {@code user:password}, for computing the digest ACL id; never log it */
    public String userPassword()
    {
        return user + ":" + password;
    }

    @Override
    public String toString()
    {
        return "digest credential of user " + user;
    }
}
