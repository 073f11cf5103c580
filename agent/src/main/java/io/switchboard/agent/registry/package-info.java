/**
 * Service registry: who provides which {@code @Remote} service, where, and whether it is still alive.
 *
 * <p>{@link io.switchboard.agent.registry.ServiceRegistry} is the one interface the call and serving
 * paths use; {@link io.switchboard.agent.registry.RegistryFactory} picks a backend from the
 * {@code switchboard.registry} setting. Backends: {@code local} (a shared directory on one host, in
 * {@link io.switchboard.agent.registry.local}) and {@code zookeeper://} (in
 * {@link io.switchboard.agent.registry.zookeeper}).
 */
package io.switchboard.agent.registry;
