package io.switchboard.agent.call.balance;

/**
 * A provider's warm-up ({@code switchboard.warmup.ms}): its share of traffic grows linearly from
 * almost nothing to its full weight over the warm-up time, so a just-started JVM (cold JIT, empty
 * caches and pools) is not handed a full share at once.
 *
 * <p>The ramp is measured from the provider's process start (the registry record's start time, as
 * Dubbo does), so a consumer that starts later does not ramp up providers that are long warm; a
 * provider whose start time is unknown ramps from when this consumer first saw it.
 */
public final class Warmup
{
    private final long startNs;
    private final long durationNs;

    private Warmup(final long startNs, final long durationNs)
    {
        this.startNs = startNs;
        this.durationNs = durationNs;
    }

    /**
     * @param providerStartMillis the provider's process start (epoch ms), 0 when unknown.
     * @param durationNs          the warm-up time; 0 for none.
     * @param nowMillis           {@link System#currentTimeMillis()}.
     * @param nowNs               {@link System#nanoTime()} at the same moment.
     * @return the ramp of one provider.
     */
    public static Warmup of(final long providerStartMillis, final long durationNs, final long nowMillis, final long nowNs)
    {
        final long ageNs = providerStartMillis <= 0 ? 0 : Math.max(0, nowMillis - providerStartMillis) * 1_000_000L;
        return new Warmup(nowNs - Math.min(ageNs, durationNs), durationNs);
    }

    /**
     * @param fullWeight the provider's registry weight.
     * @param nowNs      {@link System#nanoTime()}.
     * @return {@code fullWeight} once warm; before, the elapsed share of it, at least 1 (0 stays 0).
     */
    public long weight(final int fullWeight, final long nowNs)
    {
        final long elapsedNs = nowNs - startNs;
        if (elapsedNs >= durationNs || fullWeight <= 0)
        {
            return fullWeight;
        }
        return Math.max(1, (long)(fullWeight * ((double)elapsedNs / durationNs)));
    }
}
