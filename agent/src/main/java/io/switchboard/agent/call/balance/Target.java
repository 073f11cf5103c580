package io.switchboard.agent.call.balance;

import io.switchboard.agent.call.breaker.CircuitBreaker;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.client.ClientSession;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One provider instance as the call path sees it: its registry record and parsed endpoint, the
 * calls this consumer has outstanding on it (for {@code p2c}), its warm-up, its circuit breaker,
 * and whether a failure has just marked it down.
 *
 * <p>Two levels of "do not call": a single failure that proves the provider unreachable (not
 * delivered, connection lost, timeout, shutting down) marks it down for {@link #DOWN_NS} at once —
 * it is then skipped while another is up, but still tried when it is the only one left. Repeated
 * failures open its {@link CircuitBreaker}, and an open circuit is skipped even then.
 */
public final class Target
{
    /** How long a provider that failed to take a request is avoided while others are up. */
    public static final long DOWN_NS = 2_000_000_000L;

    private final ProviderRecord record;
    private final Endpoint endpoint;
    private final CircuitBreaker breaker;
    private final Warmup warmup;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile long downUntilNs;
    private volatile boolean gone;
    private volatile ClientSession session;

    /**
     * @param record   the registry's record.
     * @param endpoint its parsed endpoint.
     * @param breaker  its circuit breaker.
     * @param warmup   its warm-up ramp.
     */
    public Target(final ProviderRecord record, final Endpoint endpoint, final CircuitBreaker breaker, final Warmup warmup)
    {
        this.record = record;
        this.endpoint = endpoint;
        this.breaker = breaker;
        this.warmup = warmup;
    }

    /**
     * @return the registry's record of this provider.
     */
    public ProviderRecord record()
    {
        return record;
    }

    /**
     * @return where to reach it.
     */
    public Endpoint endpoint()
    {
        return endpoint;
    }

    /**
     * @return its circuit breaker.
     */
    public CircuitBreaker breaker()
    {
        return breaker;
    }

    /**
     * A provider counts as up only while its last session is connected: a registry may list a dead
     * provider for seconds (a ZooKeeper session timeout), and a call sent to it would wait for a
     * connection that never comes. Reconnecting is left to the background ({@link #needsReconnect()}).
     *
     * @param nowNs {@link System#nanoTime()}.
     * @return {@code true} unless a recent failure marked it down, its session is not connected or its process
     * is gone.
     */
    public boolean isUp(final long nowNs)
    {
        final ClientSession s = session;
        return nowNs - downUntilNs >= 0 && (null == s || s.isConnected()) && !gone;
    }

    /**
     * @return its last session, or {@code null} before the first.
     */
    public ClientSession session()
    {
        return session;
    }

    /**
     * Marks it gone for good: its process is known to have exited (see {@code ProviderWatch}), so it is
     * neither chosen nor reconnected while the registry still lists it.
     */
    public void markGone()
    {
        gone = true;
    }

    /**
     * @return whether its process is known to have exited.
     */
    public boolean isGone()
    {
        return gone;
    }

    /** @param session the transport session last used or opened for it. */
    public void session(final ClientSession session)
    {
        this.session = session;
    }

    /** @return whether its last session was lost or failed, so a new one should be opened in the background. */
    public boolean needsReconnect()
    {
        final ClientSession s = session;
        return null != s && s.state().ordinal() > ClientSession.State.CONNECTED.ordinal() && !gone;
    }

    /**
     * @param nowNs {@link System#nanoTime()}.
     * @return {@code true} when the balancer may choose it: up, and its circuit lets calls through.
     */
    public boolean isAvailable(final long nowNs)
    {
        return isUp(nowNs) && breaker.allows(nowNs);
    }

    /**
     * Skips this provider for {@link #DOWN_NS} while others are up.
     *
     * @param nowNs {@link System#nanoTime()}.
     */
    public void markDown(final long nowNs)
    {
        downUntilNs = nowNs + DOWN_NS;
    }

    /**
     * @return calls sent to it that have not completed yet.
     */
    public int outstanding()
    {
        return outstanding.get();
    }

    /** Counts a call sent to it; pair with {@link #completed()} whatever the outcome. */
    public void sent()
    {
        outstanding.incrementAndGet();
    }

    /** Counts a call to it that completed: answered, failed or timed out. */
    public void completed()
    {
        outstanding.decrementAndGet();
    }

    /**
     * @param nowNs {@link System#nanoTime()}.
     * @return its registry weight, scaled down while it warms up; at least 1 when its weight is positive.
     */
    public long weight(final long nowNs)
    {
        return warmup.weight(record.weight(), nowNs);
    }

    /**
     * @return e.g. {@code pid 4242@host (127.0.0.1:40123)}, for messages.
     */
    public String describe()
    {
        return "pid " + record.pid() + "@" + record.host() + " (" + endpoint.udpEndpoint() + ")";
    }
}
