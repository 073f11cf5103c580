/**
 * The {@code zookeeper://} registry backend (Apache Curator): ephemeral provider nodes that re-create
 * themselves after a session expiry, a cached and watched provider tree for consumers, and the
 * standalone development server behind {@code java -jar switchboard-agent.jar registry}.
 */
package io.switchboard.agent.registry.zookeeper;
