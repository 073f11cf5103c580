package io.switchboard.agent.call.balance;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WeightedRandomTest
{
    private final Balancer balancer = new WeightedRandom();

    @Test
    void sharesFollowTheRegistryWeights()
    {
        final Target[] targets = {Targets.warm("a", 100), Targets.warm("b", 200), Targets.warm("c", 100)};

        final Map<Target, Integer> picks = Targets.picks(balancer, targets, 4000);

        assertThat(picks.get(targets[0])).isBetween(800, 1200);
        assertThat(picks.get(targets[1])).isBetween(1700, 2300);
        assertThat(picks.get(targets[2])).isBetween(800, 1200);
    }

    @Test
    void zeroWeightGetsNothingWhileOthersCanServe()
    {
        final Target[] targets = {Targets.warm("a", 0), Targets.warm("b", 100)};

        assertThat(Targets.picks(balancer, targets, 200)).containsOnlyKeys(targets[1]);
        assertThat(balancer.pick(targets, 0, targets[1], null)).as("the last one left").isSameAs(targets[0]);
    }
}
