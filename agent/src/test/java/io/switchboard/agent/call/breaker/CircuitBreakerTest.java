package io.switchboard.agent.call.breaker;

import io.switchboard.agent.call.breaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest
{
    private static final long OPEN_NS = 5_000_000_000L;

    private final List<String> transitions = new ArrayList<>();

    private CircuitBreaker breaker(final int inARow, final int ratePercent, final int window, final int probes)
    {
        return new CircuitBreaker(new BreakerSettings(inARow, ratePercent, window, OPEN_NS, probes),
            (circuit, to, why) -> transitions.add(to + ": " + why));
    }

    @Test
    void opensAfterTheConfiguredFailuresInARowAndReportsTheTransitionOnce()
    {
        final CircuitBreaker breaker = breaker(3, 0, 20, 1);

        assertThat(breaker.onFailure(0, "TIMEOUT")).isNull();
        assertThat(breaker.onFailure(0, "TIMEOUT")).isNull();
        assertThat(breaker.onFailure(0, "NOT_DELIVERED")).isEqualTo(State.OPEN);
        assertThat(breaker.onFailure(0, "TIMEOUT")).as("already open").isNull();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("OPEN: 3 failures in a row (last: NOT_DELIVERED); skipped for 5000 ms");
    }

    @Test
    void aSuccessBreaksTheRunOfFailures()
    {
        final CircuitBreaker breaker = breaker(3, 0, 20, 1);

        breaker.onFailure(0, "TIMEOUT");
        breaker.onFailure(0, "TIMEOUT");
        breaker.onSuccess();
        breaker.onFailure(0, "TIMEOUT");
        breaker.onFailure(0, "TIMEOUT");

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void opensWhenTheFailureRateOverAFullWindowReachesTheThreshold()
    {
        final CircuitBreaker breaker = breaker(0, 50, 10, 1);

        for (int i = 0; i < 4; i++)
        {
            breaker.onSuccess();
            breaker.onFailure(0, "OVERLOADED");
        }
        assertThat(breaker.state()).as("4 of 8: the window is not full yet").isEqualTo(State.CLOSED);
        breaker.onSuccess();
        assertThat(breaker.onFailure(0, "OVERLOADED")).as("5 of 10 failed").isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("OPEN: 5 of the last 10 calls failed (last: OVERLOADED); skipped for 5000 ms");
    }

    @Test
    void onlyTheNewestWindowCounts()
    {
        final CircuitBreaker breaker = breaker(0, 50, 10, 1);

        for (int i = 0; i < 4; i++)
        {
            breaker.onFailure(0, "TIMEOUT"); // old failures that fall out of the window
        }
        for (int i = 0; i < 40; i++)
        {
            breaker.onSuccess();
        }
        for (int i = 0; i < 4; i++)
        {
            breaker.onFailure(0, "TIMEOUT");
        }

        assertThat(breaker.state()).as("4 of the last 10").isEqualTo(State.CLOSED);
    }

    @Test
    void anOpenCircuitRejectsUntilItsOpenTimeThenLetsTheConfiguredProbesThrough()
    {
        final CircuitBreaker breaker = breaker(1, 0, 20, 2);
        breaker.onFailure(100, "TIMEOUT");

        assertThat(breaker.allows(100 + OPEN_NS - 1)).isFalse();
        assertThat(breaker.tryAcquire(100 + OPEN_NS - 1)).isFalse();
        assertThat(breaker.allows(100 + OPEN_NS)).isTrue();

        assertThat(breaker.tryAcquire(100 + OPEN_NS)).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire(100 + OPEN_NS)).isTrue();
        assertThat(breaker.tryAcquire(100 + OPEN_NS)).as("only two probes at a time").isFalse();
        assertThat(breaker.allows(100 + OPEN_NS)).isFalse();
    }

    @Test
    void halfOpenClosesWhenEveryProbeSucceeds()
    {
        final CircuitBreaker breaker = breaker(1, 0, 20, 2);
        breaker.onFailure(0, "TIMEOUT");
        breaker.tryAcquire(OPEN_NS);
        breaker.tryAcquire(OPEN_NS);

        assertThat(breaker.onSuccess()).isNull();
        assertThat(breaker.onSuccess()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(OPEN_NS)).isTrue();
        assertThat(breaker.onFailure(OPEN_NS, "TIMEOUT")).as("history starts afresh; 1 in a row opens again")
            .isEqualTo(State.OPEN);
        assertThat(transitions).extracting(line -> line.substring(0, line.indexOf(':')))
            .containsExactly("OPEN", "HALF_OPEN", "CLOSED", "OPEN");
    }

    @Test
    void halfOpenReopensOnAFailedProbeForAnotherOpenTime()
    {
        final CircuitBreaker breaker = breaker(1, 0, 20, 3);
        breaker.onFailure(0, "TIMEOUT");
        breaker.tryAcquire(OPEN_NS);

        assertThat(breaker.onFailure(OPEN_NS + 7, "CONNECTION_LOST")).isEqualTo(State.OPEN);

        assertThat(breaker.tryAcquire(2 * OPEN_NS)).isFalse();
        assertThat(breaker.tryAcquire(2 * OPEN_NS + 7)).isTrue();
        assertThat(transitions.get(2)).isEqualTo("OPEN: a probe call failed (CONNECTION_LOST); skipped for 5000 ms");
    }

    @Test
    void theHistoryKeepsItsNewest62OutcomesAndCountsThem()
    {
        final OutcomeHistory history = new OutcomeHistory();
        long bits = 0;
        for (int i = 0; i < 100; i++)
        {
            bits = history.record(i % 3 == 0);
        }
        assertThat(OutcomeHistory.recorded(bits)).isEqualTo(62);
        assertThat(OutcomeHistory.failures(bits, 62)).isEqualTo(21); // i = 38..99: multiples of 3 among them
        assertThat(OutcomeHistory.consecutiveFailures(bits)).isEqualTo(1); // 99 is a multiple of 3
        assertThat(OutcomeHistory.consecutiveFailures(history.record(true))).isEqualTo(2);
    }
}
