package io.switchboard.agent.instrument;

/**
 * Which services this process provides (from {@code switchboard.provide}); asked at transform time.
 */
@FunctionalInterface
public interface ProvidedServices
{
    /**
     * Provides nothing: every call goes remote.
     */
    ProvidedServices NONE = (serviceName, interfaceName) -> false;

    /**
     * Provides everything ({@code provide=*}).
     */
    ProvidedServices ALL = (serviceName, interfaceName) -> true;

    /**
     * @param serviceName   {@code @Remote.name}, or the interface name when that is empty.
     * @param interfaceName the fully qualified interface name.
     * @return whether this process runs and exports the service.
     */
    boolean provides(String serviceName, String interfaceName);
}
