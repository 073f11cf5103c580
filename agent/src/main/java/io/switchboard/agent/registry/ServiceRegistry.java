package io.switchboard.agent.registry;

import java.util.List;
import java.util.function.Consumer;

/**
 * The live list of providers of each service, shared by every process on the registry.
 *
 * <p>Providers {@link #register(ProviderRecord) register} one record per exported service; the backend
 * keeps it fresh (heartbeat, ephemeral node) and removes it when the handle is closed or the process
 * dies. Consumers {@link #subscribe subscribe} to a service and read the {@link #providers last known
 * list} on the call path.
 *
 * <p>Threading: every method may be called from any thread. Listeners run on a registry thread and
 * must not block; lists handed out are immutable and sorted by instance id.
 */
public interface ServiceRegistry extends AutoCloseable
{
    /**
     * Publishes a provider entry and keeps it fresh until the returned handle is closed, this registry
     * is closed or the process exits.
     *
     * @param record the provider to publish
     * @return the handle whose {@link Registration#close()} removes the entry
     * @throws IllegalStateException when this registry is closed or already holds this instance id
     * @throws java.io.UncheckedIOException when the entry cannot be written
     */
    Registration register(ProviderRecord record);

    /**
     * Follows the providers of one service. The listener receives the current list soon after this
     * call returns (possibly empty), then each changed list, always on a registry thread. Listener
     * exceptions are logged and do not stop later deliveries.
     *
     * @param key      the service to follow
     * @param listener receives immutable lists; must not block
     * @return the handle that stops deliveries
     */
    Subscription subscribe(ServiceKey key, Consumer<List<ProviderRecord>> listener);

    /**
     * The last known providers of a service, without waiting for the backend. Safe on the call path:
     * no I/O after the registry has started watching.
     *
     * @param key the service
     * @return immutable list, empty when none is known
     */
    List<ProviderRecord> providers(ServiceKey key);

    /**
     * Every provider currently known, of every service (for the {@code services} CLI command).
     *
     * @return immutable list sorted by service, version and instance id
     */
    List<ProviderRecord> all();

    /**
     * Names this registry for people, for error messages: {@code local registry /dev/shm/switchboard-me/registry}.
     *
     * @return a short description with the backend's address
     */
    String describe();

    /** Deregisters everything this registry registered, stops its threads and subscriptions. */
    @Override
    void close();
}
