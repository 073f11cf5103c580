package io.switchboard.transport.aeron.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of a Switchboard deployment, held only as keys derived from it (one per purpose, so
 * a session key never doubles as a registry signing key). Never printed: {@link #toString()} hides it.
 */
public final class AuthSecret
{
    /** Fewer bytes than this are refused: a short secret can be guessed offline from one captured handshake. */
    public static final int MIN_LENGTH = 16;
    static final String HMAC = "HmacSHA256";

    private final byte[] sessionMaster;
    private final byte[] registryKey;

    private AuthSecret(final byte[] secret)
    {
        this.sessionMaster = derive(secret, "switchboard session v1");
        this.registryKey = derive(secret, "switchboard registry v1");
    }

    /**
     * @param secret the secret's text; surrounding white space (a file's trailing newline) is ignored.
     * @param origin where it came from, for the error message (never the value).
     * @return the secret.
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} bytes.
     */
    public static AuthSecret of(final String secret, final String origin)
    {
        final byte[] bytes = secret.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("the shared secret from " + origin + " has " + bytes.length +
                " bytes; use at least " + MIN_LENGTH + " random bytes (for example: openssl rand -base64 32)");
        }
        final AuthSecret s = new AuthSecret(bytes);
        Arrays.fill(bytes, (byte)0);
        return s;
    }

    /** @return the key the session handshake proves knowledge of and derives session keys from. */
    byte[] sessionMaster()
    {
        return sessionMaster;
    }

    /**
     * @return a new HMAC-SHA256 keyed for signing registry entries; one per thread, it is not thread-safe.
     */
    public Mac registryMac()
    {
        return mac(registryKey);
    }

    static Mac mac(final byte[] key)
    {
        try
        {
            final Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM lacks " + HMAC + ", which every Java SE runtime provides", ex);
        }
    }

    static byte[] derive(final byte[] key, final String label)
    {
        return mac(key).doFinal(label.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a placeholder; the secret is never shown. */
    public String toString()
    {
        return "AuthSecret{<hidden>}";
    }
}
