package io.switchboard.agent.call.balance;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashTest
{
    private final ConsistentHash balancer = new ConsistentHash();
    private final Target[] targets = Targets.warm("pid-1-a", "pid-2-b", "pid-3-c");

    ConsistentHashTest()
    {
        balancer.update(targets);
    }

    private Target pick(final Object key)
    {
        return balancer.pick(targets, 0, null, new Object[] {key, "ignored"});
    }

    @Test
    void equalFirstArgumentsGoToTheSameProvider()
    {
        for (int i = 0; i < 100; i++)
        {
            assertThat(pick("sku-" + i)).isSameAs(pick("sku-" + i)).isSameAs(pick(new String("sku-" + i)));
        }
        assertThat(pick(7)).isSameAs(pick(7L)).as("7 and 7L are the same key");
        assertThat(pick(TimeUnit.SECONDS)).isSameAs(pick(TimeUnit.SECONDS));
    }

    @Test
    void keysSpreadOverTheProviders()
    {
        final Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++)
        {
            counts.merge(pick("sku-" + i), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys(targets).allSatisfy((t, n) -> assertThat(n).isBetween(600, 1400));
    }

    @Test
    void aProviderLeavingMovesOnlyItsOwnKeys()
    {
        final Map<String, Target> before = new HashMap<>();
        for (int i = 0; i < 2000; i++)
        {
            before.put("sku-" + i, pick("sku-" + i));
        }
        final Target[] survivors = {targets[0], targets[2]};
        balancer.update(survivors);

        int moved = 0;
        for (final Map.Entry<String, Target> entry : before.entrySet())
        {
            final Target now = balancer.pick(survivors, 0, null, new Object[] {entry.getKey()});
            if (entry.getValue() != targets[1])
            {
                assertThat(now).as("a key of a provider that stayed").isSameAs(entry.getValue());
            }
            else
            {
                moved++;
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void anUnavailableOwnersKeysGoToTheNextOnTheRingAndComeBack()
    {
        String key = null;
        for (int i = 0; null == key; i++)
        {
            key = pick("k" + i) == targets[1] ? "k" + i : null;
        }
        targets[1].markDown(0);
        final Target stand_in = pick(key);
        assertThat(stand_in).isNotSameAs(targets[1]).isNotNull();
        assertThat(pick(key)).isSameAs(stand_in);

        assertThat(balancer.pick(targets, Target.DOWN_NS, null, new Object[] {key})).isSameAs(targets[1]);
    }

    @Test
    void keyHashesAreDefinedByValueNotByIdentity()
    {
        // Fixed numbers: another JVM computes the same, so its consumers agree on the owners.
        assertThat(Hashes.ofKey("sku-1")).isEqualTo(Hashes.mix("sku-1".hashCode()));
        assertThat(Hashes.ofKey(TimeUnit.SECONDS)).isEqualTo(Hashes.mix("SECONDS".hashCode()));
        assertThat(Hashes.ofKey(42)).isEqualTo(Hashes.mix(42));
        assertThat(Hashes.ofKey(null)).isEqualTo(Hashes.mix(0));
        assertThat(Hashes.mix(1)).isEqualTo(-1145994455015382268L); // MurmurHash3 fmix64(1)
    }
}
