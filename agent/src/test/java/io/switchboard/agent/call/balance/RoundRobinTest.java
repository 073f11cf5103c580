package io.switchboard.agent.call.balance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinTest
{
    private final Balancer balancer = new RoundRobin();

    @Test
    void givesEachProviderTheSameShare()
    {
        final Target[] targets = Targets.warm("a", "b", "c");

        assertThat(Targets.picks(balancer, targets, 300)).containsOnlyKeys(targets).allSatisfy((t, n) -> assertThat(n).isEqualTo(100));
    }

    @Test
    void skipsTheExcludedAndTheMarkedDownAndTheOpen()
    {
        final Target[] targets = Targets.warm("a", "b", "c", "d");
        targets[1].markDown(0);
        targets[2].breaker().onFailure(0, "TIMEOUT");

        for (int i = 0; i < 20; i++)
        {
            assertThat(balancer.pick(targets, 0, targets[0], null)).isSameAs(targets[3]);
        }
        assertThat(balancer.pick(targets, 0, targets[3], null)).isSameAs(targets[0]);
    }

    @Test
    void returnsNothingWhenNoneIsAvailable()
    {
        final Target[] targets = Targets.warm("a", "b");
        targets[1].markDown(0);

        assertThat(balancer.pick(targets, 0, targets[0], null)).isNull();
        assertThat(balancer.pick(targets, Target.DOWN_NS, targets[0], null)).as("down only for a while").isSameAs(targets[1]);
    }
}
