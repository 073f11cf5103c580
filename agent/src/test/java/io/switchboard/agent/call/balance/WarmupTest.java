package io.switchboard.agent.call.balance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest
{
    private static final long WARMUP_NS = 10_000_000_000L;

    @Test
    void aNewProviderRampsLinearlyToItsFullWeight()
    {
        final Warmup warmup = Warmup.of(0, WARMUP_NS, 0, 0); // start time unknown: from first sight

        assertThat(warmup.weight(100, 0)).isEqualTo(1);
        assertThat(warmup.weight(100, WARMUP_NS / 4)).isEqualTo(25);
        assertThat(warmup.weight(100, WARMUP_NS / 2)).isEqualTo(50);
        assertThat(warmup.weight(100, WARMUP_NS)).isEqualTo(100);
        assertThat(warmup.weight(100, 3 * WARMUP_NS)).isEqualTo(100);
    }

    @Test
    void theRampCountsFromTheProvidersProcessStart()
    {
        final long nowMillis = 1_700_000_000_000L;

        assertThat(Warmup.of(nowMillis - 5_000, WARMUP_NS, nowMillis, 0).weight(100, 0)).isEqualTo(50);
        assertThat(Warmup.of(nowMillis - 3_600_000, WARMUP_NS, nowMillis, 0).weight(100, 0))
            .as("long warm when this consumer first saw it").isEqualTo(100);
    }

    @Test
    void noWarmupAndZeroWeightAreLeftAlone()
    {
        assertThat(Warmup.of(0, 0, 0, 0).weight(100, 0)).isEqualTo(100);
        assertThat(Warmup.of(0, WARMUP_NS, 0, 0).weight(0, 1)).isZero();
    }
}
