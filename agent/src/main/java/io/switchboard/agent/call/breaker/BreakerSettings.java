package io.switchboard.agent.call.breaker;

import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.SwitchboardConfig;

/**
 * The settings of every provider's circuit breaker ({@code switchboard.breaker.*}), immutable.
 *
 * @param consecutiveFailures open after this many failures in a row; 0: never for that reason.
 * @param failureRatePercent  open when at least this share of the last {@code window} calls failed; 0: never.
 * @param window              how many recent calls the failure rate looks at (the rate is judged once
 *                            that many calls were recorded), 1 to {@value OutcomeHistory#CAPACITY}.
 * @param openNs              how long an open circuit skips its provider before letting probes through.
 * @param halfOpenCalls       how many probe calls a half-open circuit lets through; all must succeed to close.
 */
public record BreakerSettings(
    int consecutiveFailures, int failureRatePercent, int window, long openNs, int halfOpenCalls)
{
    /**
     * @throws IllegalArgumentException for a value out of range.
     */
    public BreakerSettings
    {
        if (consecutiveFailures < 0 || consecutiveFailures > OutcomeHistory.CAPACITY)
        {
            throw new IllegalArgumentException("consecutiveFailures must be 0 to " + OutcomeHistory.CAPACITY);
        }
        if (failureRatePercent < 0 || failureRatePercent > 100)
        {
            throw new IllegalArgumentException("failureRatePercent must be 0 to 100");
        }
        if (window < 1 || window > OutcomeHistory.CAPACITY)
        {
            throw new IllegalArgumentException("window must be 1 to " + OutcomeHistory.CAPACITY);
        }
        if (openNs < 0 || halfOpenCalls < 1)
        {
            throw new IllegalArgumentException("openNs must be >= 0 and halfOpenCalls >= 1");
        }
    }

    /**
     * @param config the agent's configuration.
     * @return the settings its {@code switchboard.breaker.*} keys give.
     */
    public static BreakerSettings from(final SwitchboardConfig config)
    {
        return new BreakerSettings(
            config.get(ConfigKeys.BREAKER_FAILURES),
            config.get(ConfigKeys.BREAKER_FAILURE_RATE),
            config.get(ConfigKeys.BREAKER_WINDOW),
            config.get(ConfigKeys.BREAKER_OPEN_MS) * 1_000_000L,
            config.get(ConfigKeys.BREAKER_HALF_OPEN_CALLS));
    }
}
