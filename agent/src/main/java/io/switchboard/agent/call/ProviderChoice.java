package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.call.balance.Balancer;
import io.switchboard.agent.call.balance.Target;
import io.switchboard.agent.call.balance.Warmup;
import io.switchboard.agent.call.breaker.BreakerSettings;
import io.switchboard.agent.call.breaker.CircuitBreaker;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.Subscription;
import io.switchboard.transport.aeron.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live providers of one service, kept current by a registry subscription, and the choice of
 * the provider for the next attempt: the {@link Balancer} picks among those that are up and whose
 * circuit is not open; when it finds none, any provider whose circuit lets a call through (one
 * marked down may have come back) is the last resort.
 *
 * <p>Hot path: {@link #next} reads one volatile array and runs the balancer; no locks, no allocation.
 */
final class ProviderChoice implements AutoCloseable
{
    private static final Target[] NONE = new Target[0];

    private final ServiceKey key;
    private final AgentLog log;
    private final Balancer balancer;
    private final BreakerSettings breakerSettings;
    private final long warmupNs;
    private final Consumer<Target> onNewProvider;
    private final Subscription subscription;
    private volatile Target[] targets = NONE;

    ProviderChoice(
        final ServiceKey key,
        final ServiceRegistry registry,
        final Balancer balancer,
        final BreakerSettings breakerSettings,
        final long warmupNs,
        final AgentLog log,
        final Consumer<Target> onNewProvider)
    {
        this.key = key;
        this.log = log;
        this.balancer = balancer;
        this.breakerSettings = breakerSettings;
        this.warmupNs = warmupNs;
        this.onNewProvider = onNewProvider;
        update(registry.providers(key));
        this.subscription = registry.subscribe(key, this::update);
    }

    /**
     * @param nowNs   {@link System#nanoTime()}.
     * @param exclude a provider already tried by this call, or {@code null}.
     * @param args    the call's arguments, for {@code consistent_hash}.
     * @return the provider for the next attempt, its circuit's permission taken; {@code null} when no
     * provider other than {@code exclude} can take a call now.
     */
    Target next(final long nowNs, final Target exclude, final Object[] args)
    {
        final Target[] all = targets;
        if (0 == all.length)
        {
            return null;
        }
        for (final Target t : all)
        {
            if (t.needsReconnect())
            {
                onNewProvider.accept(t); // in the background: no user call waits for a lost provider
            }
        }
        final Target chosen = balancer.pick(all, nowNs, exclude, args);
        if (null != chosen && chosen.breaker().tryAcquire(nowNs))
        {
            return chosen;
        }
        for (final Target candidate : all)
        {
            if (candidate != exclude && !candidate.isGone() && candidate.breaker().tryAcquire(nowNs))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * @return how many providers the registry lists now.
     */
    int size()
    {
        return targets.length;
    }

    /**
     * @return how many of them are known to have exited ({@link ProviderWatch}).
     */
    int gone()
    {
        int gone = 0;
        for (final Target target : targets)
        {
            gone += target.isGone() ? 1 : 0;
        }
        return gone;
    }

    private void update(final List<ProviderRecord> records)
    {
        final Map<String, Target> previous = new HashMap<>();
        for (final Target target : targets)
        {
            previous.put(target.record().instanceId(), target);
        }
        final List<Target> next = new ArrayList<>(records.size());
        for (final ProviderRecord record : records)
        {
            final Target known = previous.get(record.instanceId());
            if (null != known && known.record().equals(record))
            {
                next.add(known);
                continue;
            }
            try
            {
                final Target target = newTarget(record, Endpoint.parse(record.endpoint()));
                next.add(target);
                ProviderWatch.SHARED.watch(target, key.toString(), log);
                onNewProvider.accept(target);
            }
            catch (final RuntimeException ex)
            {
                log.warn("ignoring provider " + record.instanceId() + " of " + key + ": unreadable endpoint \"" +
                    record.endpoint() + "\": " + ex.getMessage());
            }
        }
        final Target[] updated = next.toArray(NONE);
        balancer.update(updated);
        targets = updated;
        next.forEach(previous.values()::remove);
        previous.values().forEach(ProviderWatch.SHARED::unwatch);
    }

    private Target newTarget(final ProviderRecord record, final Endpoint endpoint)
    {
        final String provider = "pid " + record.pid() + "@" + record.host() + " (" + endpoint.udpEndpoint() + ")";
        final CircuitBreaker breaker = new CircuitBreaker(breakerSettings, (circuit, to, why) ->
            log.line("switchboard: circuit of provider " + provider + " for " + key + " is " + to + ": " + why));
        final Warmup warmup = Warmup.of(record.startTimeMillis(), warmupNs, System.currentTimeMillis(), System.nanoTime());
        return new Target(record, endpoint, breaker, warmup);
    }

    @Override
    public void close()
    {
        subscription.close();
        for (final Target target : targets)
        {
            ProviderWatch.SHARED.unwatch(target);
        }
    }
}
