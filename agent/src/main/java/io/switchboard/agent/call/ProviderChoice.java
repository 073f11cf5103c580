package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.Subscription;
import io.switchboard.transport.aeron.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The live providers of one service, kept current by a registry subscription, and the choice of
 * the next one to call: round robin over the providers this consumer has not just seen fail.
 *
 * <p>Hot path: {@link #next} reads one volatile array and one counter; no locks, no allocation.
 */
final class ProviderChoice implements AutoCloseable
{
    private static final Target[] NONE = new Target[0];

    private final ServiceKey key;
    private final AgentLog log;
    private final AtomicInteger cursor = new AtomicInteger();
    private final Consumer<Target> onNewProvider;
    private final Subscription subscription;
    private volatile Target[] targets = NONE;

    ProviderChoice(
        final ServiceKey key, final ServiceRegistry registry, final AgentLog log, final Consumer<Target> onNewProvider)
    {
        this.key = key;
        this.log = log;
        this.onNewProvider = onNewProvider;
        update(registry.providers(key));
        this.subscription = registry.subscribe(key, this::update);
    }

    /**
     * @param nowNs   {@link System#nanoTime()}.
     * @param exclude a provider already tried by this call, or {@code null}.
     * @return the next provider that is up, else one that is down but not excluded (it may have come
     * back), else {@code null} when there is none at all.
     */
    Target next(final long nowNs, final Target exclude)
    {
        final Target[] all = targets;
        final int n = all.length;
        if (0 == n)
        {
            return null;
        }
        final int start = cursor.getAndIncrement() & Integer.MAX_VALUE;
        Target fallback = null;
        for (int i = 0; i < n; i++)
        {
            final Target candidate = all[(start + i) % n];
            if (candidate == exclude)
            {
                continue;
            }
            if (candidate.isUp(nowNs))
            {
                return candidate;
            }
            if (null == fallback)
            {
                fallback = candidate;
            }
        }
        return fallback;
    }

    /**
     * @return how many providers the registry lists now.
     */
    int size()
    {
        return targets.length;
    }

    private void update(final List<ProviderRecord> records)
    {
        final Map<String, Target> previous = new HashMap<>();
        for (final Target target : targets)
        {
            previous.put(target.record.instanceId(), target);
        }
        final List<Target> next = new ArrayList<>(records.size());
        for (final ProviderRecord record : records)
        {
            final Target known = previous.get(record.instanceId());
            if (null != known && known.record.equals(record))
            {
                next.add(known);
                continue;
            }
            try
            {
                final Target target = new Target(record, Endpoint.parse(record.endpoint()));
                next.add(target);
                onNewProvider.accept(target);
            }
            catch (final RuntimeException ex)
            {
                log.warn("ignoring provider " + record.instanceId() + " of " + key + ": unreadable endpoint \"" +
                    record.endpoint() + "\": " + ex.getMessage());
            }
        }
        targets = next.toArray(NONE);
    }

    @Override
    public void close()
    {
        subscription.close();
    }
}
