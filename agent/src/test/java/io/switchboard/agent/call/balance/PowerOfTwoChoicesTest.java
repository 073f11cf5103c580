package io.switchboard.agent.call.balance;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PowerOfTwoChoicesTest
{
    private final Balancer balancer = new PowerOfTwoChoices();

    @Test
    void spreadsEvenlyOverIdleProviders()
    {
        final Target[] targets = Targets.warm("a", "b", "c");

        final Map<Target, Integer> picks = Targets.picks(balancer, targets, 3000);

        assertThat(picks).containsOnlyKeys(targets).allSatisfy((t, n) -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void neverPicksTheBusiestOfThreeAndSendsToTheLessBusyOfTwo()
    {
        final Target[] targets = Targets.warm("a", "b", "c");
        for (int i = 0; i < 5; i++)
        {
            targets[0].sent();
        }
        targets[1].sent();

        final Map<Target, Integer> picks = Targets.picks(balancer, targets, 1000);

        assertThat(picks).doesNotContainKey(targets[0]);
        assertThat(picks.get(targets[2])).as("c (idle) wins every draw against b (1 outstanding)")
            .isGreaterThan(picks.getOrDefault(targets[1], 0));
    }

    @Test
    void aCompletedCallNoLongerCountsAsOutstanding()
    {
        final Target[] targets = Targets.warm("a", "b");
        targets[0].sent();
        targets[0].sent();
        assertThat(Targets.picks(balancer, targets, 100)).containsOnlyKeys(targets[1]);

        targets[0].completed();
        targets[0].completed();
        targets[1].sent();
        assertThat(Targets.picks(balancer, targets, 100)).containsOnlyKeys(targets[0]);
        assertThat(targets[0].outstanding()).isZero();
    }

    @Test
    void aWarmingProviderGetsAShareInProportionToItsRamp()
    {
        final long warmupNs = 10_000_000_000L;
        final Target[] targets = {
            Targets.warm("a", 100),
            Targets.warm("b", 100),
            Targets.target("new", 100, Warmup.of(0, warmupNs, 0, -warmupNs / 10))};

        final Map<Target, Integer> picks = Targets.picks(balancer, targets, 3000);

        // At 10 % of its warm-up it weighs 10 against 100 + 100; with nothing outstanding the first draw
        // wins, so it gets about 1 call in 21 (143 of 3000).
        assertThat(picks.get(targets[2])).isBetween(90, 200);
    }

    @Test
    void returnsTheOnlyAvailableProvider()
    {
        final Target[] targets = Targets.warm("a", "b", "c");
        targets[0].markDown(0);
        targets[1].breaker().onFailure(0, "TIMEOUT");

        assertThat(Targets.picks(balancer, targets, 50)).containsOnlyKeys(targets[2]);
        assertThat(balancer.pick(targets, 0, targets[2], null)).isNull();
    }
}
