package io.switchboard.agent.call.balance;

import io.switchboard.agent.call.breaker.BreakerSettings;
import io.switchboard.agent.call.breaker.CircuitBreaker;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.transport.aeron.Endpoint;

import java.util.HashMap;
import java.util.Map;

/** Test providers: no I/O, a breaker that opens after one failure. */
final class Targets
{
    static final BreakerSettings ONE_FAILURE_OPENS = new BreakerSettings(1, 0, 20, 1_000_000_000L, 1);

    private Targets()
    {
    }

    static Target warm(final String id, final int weight)
    {
        return target(id, weight, Warmup.of(0, 0, 0, 0));
    }

    static Target target(final String id, final int weight, final Warmup warmup)
    {
        final ProviderRecord record = ProviderRecord.builder("com.acme.Inventory")
            .instanceId(id).pid(1000 + Math.abs(id.hashCode() % 1000)).weight(weight).endpoint("e").build();
        return new Target(record, new Endpoint("127.0.0.1", 40000, 1, 0, "d"),
            new CircuitBreaker(ONE_FAILURE_OPENS, (circuit, to, why) -> {}), warmup);
    }

    static Target[] warm(final String... ids)
    {
        final Target[] targets = new Target[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            targets[i] = warm(ids[i], ProviderRecord.DEFAULT_WEIGHT);
        }
        return targets;
    }

    static Map<Target, Integer> picks(final Balancer balancer, final Target[] targets, final int calls)
    {
        final Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++)
        {
            counts.merge(balancer.pick(targets, 0, null, new Object[] {"key-" + i}), 1, Integer::sum);
        }
        return counts;
    }
}
