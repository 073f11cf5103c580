package io.switchboard.agent.method;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable wire id of a remote method, identical in every JVM.
 *
 * <p>Definition: the first 8 bytes, read big-endian as a {@code long}, of
 * {@code SHA-256(UTF-8(serviceName + "#" + methodName + parameterDescriptor))}, where
 * {@code parameterDescriptor} is the JVM descriptor of the erased parameter types in parentheses,
 * without the return type, e.g. {@code com.acme.Inventory#reserve(Ljava/lang/String;I)}.
 * The return type is left out so that a covariant return does not change the id.
 */
public final class MethodId
{
    private MethodId()
    {
    }

    /**
     * @param serviceName         the service name ({@code @Remote.name} or the interface FQCN).
     * @param methodName          the method name.
     * @param parameterDescriptor e.g. {@code (Ljava/lang/String;I)}.
     * @return the 64-bit method id.
     */
    public static long of(final String serviceName, final String methodName, final String parameterDescriptor)
    {
        final byte[] digest = sha256().digest(
            (serviceName + '#' + methodName + parameterDescriptor).getBytes(StandardCharsets.UTF_8));
        long id = 0;
        for (int i = 0; i < 8; i++)
        {
            id = (id << 8) | (digest[i] & 0xFF);
        }
        return id;
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JVM has SHA-256", ex);
        }
    }
}
