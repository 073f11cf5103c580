package io.switchboard.agent.auth;

import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.ConfigSource;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.transport.aeron.auth.AuthSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the deployment's shared secret from the environment variable {@code SWITCHBOARD_AUTH_SECRET}
 * or the file named by {@code switchboard.auth.secret.file}; never from a system property or agent
 * argument, which other local users can read in the process list. The value is never logged.
 */
public final class SharedSecret
{
    private SharedSecret()
    {
    }

    /**
     * @param config the agent's configuration.
     * @return the secret, or empty when neither source is set (no authentication).
     * @throws IllegalArgumentException when it was given as a system property or agent argument, when both
     *                                  sources are set, when the file cannot be read, or when it is too short.
     */
    public static Optional<AuthSecret> fromConfig(final SwitchboardConfig config)
    {
        final String direct = config.get(ConfigKeys.AUTH_SECRET);
        final String file = config.get(ConfigKeys.AUTH_SECRET_FILE);
        final ConfigSource source = config.source(ConfigKeys.AUTH_SECRET);
        if (!direct.isEmpty() && source != ConfigSource.ENVIRONMENT)
        {
            throw new IllegalArgumentException(ConfigKeys.AUTH_SECRET.propertyName() + " was given as a " +
                source.description() + ", where other users of this host can read it in the process list; set the " +
                "environment variable " + ConfigKeys.AUTH_SECRET.envName() + " or name a file holding it with " +
                ConfigKeys.AUTH_SECRET_FILE.propertyName() + " instead");
        }
        if (!direct.isEmpty() && !file.isEmpty())
        {
            throw new IllegalArgumentException("both " + ConfigKeys.AUTH_SECRET.envName() + " and " +
                ConfigKeys.AUTH_SECRET_FILE.propertyName() + " are set; set only one");
        }
        if (!direct.isEmpty())
        {
            return Optional.of(AuthSecret.of(direct, "the environment variable " + ConfigKeys.AUTH_SECRET.envName()));
        }
        return file.isEmpty() ? Optional.empty() : Optional.of(readFile(Path.of(file)));
    }

    private static AuthSecret readFile(final Path file)
    {
        final String origin = "the file " + file + " (" + ConfigKeys.AUTH_SECRET_FILE.propertyName() + ")";
        try
        {
            return AuthSecret.of(Files.readString(file, StandardCharsets.UTF_8), origin);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read the shared secret from " + origin + ": " + ex +
                "; make it readable by this user (and by no one else), or unset " +
                ConfigKeys.AUTH_SECRET_FILE.propertyName(), ex);
        }
    }

    /**
     * @param secret  the secret, or null.
     * @param encrypt whether payloads are encrypted.
     * @return the startup line's {@code auth=} value, saying plainly what is and is not protected.
     */
    public static String describe(final AuthSecret secret, final boolean encrypt)
    {
        if (null == secret)
        {
            return "off(no shared secret: any process that reaches this process's endpoints may call them; set " +
                ConfigKeys.AUTH_SECRET.envName() + " or " + ConfigKeys.AUTH_SECRET_FILE.propertyName() + ")";
        }
        return encrypt ? "on,encrypted" : "on(payloads in plaintext; " + ConfigKeys.AUTH_ENCRYPT.propertyName() +
            "=true encrypts them)";
    }
}
