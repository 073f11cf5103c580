package io.switchboard.transport.aeron.server;

import java.time.Duration;

/**
 * What a {@link Server} grants client sessions, so that one hostile or broken client cannot take
 * what the others need: how many sessions it holds at once, how many requests one session may have
 * running or queued, and how long a session may stay unproven (no valid request yet) while its
 * slot is wanted.
 *
 * @param maxSessions             sessions (connecting or connected) held at once; further Connects are
 *                                ignored and counted ({@code switchboard.provider.max.sessions}).
 * @param maxConcurrentPerSession requests of one session handed to the handler and not yet answered;
 *                                further ones are answered OVERLOADED without running
 *                                ({@code switchboard.provider.max.session.concurrent}).
 * @param handshakeTimeout        a session that has sent no valid request this long after connecting is
 *                                dropped once more than half of {@code maxSessions} are taken
 *                                ({@code switchboard.provider.handshake.timeout.ms}).
 */
public record SessionLimits(int maxSessions, int maxConcurrentPerSession, Duration handshakeTimeout)
{
    /** The defaults: 1024 sessions, 512 requests per session, 10 s to prove a session. */
    public static final SessionLimits DEFAULT = new SessionLimits(1024, 512, Duration.ofSeconds(10));

    /**
     * @throws IllegalArgumentException naming the bad limit.
     */
    public SessionLimits
    {
        if (maxSessions < 1)
        {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
        if (maxConcurrentPerSession < 1)
        {
            throw new IllegalArgumentException("maxConcurrentPerSession must be at least 1: " + maxConcurrentPerSession);
        }
        if (null == handshakeTimeout || handshakeTimeout.isNegative() || handshakeTimeout.isZero())
        {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }
}
