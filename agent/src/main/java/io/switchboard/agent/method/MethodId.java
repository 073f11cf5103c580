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

    /**
     * The 32-bit wire id of a service: the first 4 bytes, big-endian, of
     * {@code SHA-256(UTF-8(serviceName + "@" + version))}. Consumers of another version reach a
     * provider's "unknown service" answer instead of a wrong method.
     *
     * @param serviceName the service name.
     * @param version     the service version, {@code ""} when unversioned.
     * @return the 32-bit service id.
     */
    public static int serviceId(final String serviceName, final String version)
    {
        final byte[] digest = sha256().digest((serviceName + '@' + version).getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xFF) << 24) | ((digest[1] & 0xFF) << 16) | ((digest[2] & 0xFF) << 8) | (digest[3] & 0xFF);
    }

    /**
     * A hash of a service's method ids, published with each provider so that version skew between
     * consumer and provider is visible in the registry.
     *
     * @param methodIds the ids of every remote method of the service.
     * @return an order-independent 64-bit hash.
     */
    public static long tableHash(final long[] methodIds)
    {
        final long[] sorted = methodIds.clone();
        java.util.Arrays.sort(sorted);
        long hash = 0xcbf29ce484222325L;
        for (final long id : sorted)
        {
            hash = (hash ^ id) * 0x100000001b3L;
        }
        return hash;
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
