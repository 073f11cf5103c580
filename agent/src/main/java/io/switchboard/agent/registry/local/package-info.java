/**
 * The zero-configuration {@code local} registry: one file per provider instance in a directory shared
 * by the processes of one host (by default under {@code /dev/shm}), refreshed by a heartbeat and
 * watched by polling. Dead or silent providers are removed by whichever process notices first.
 */
package io.switchboard.agent.registry.local;
