package io.switchboard.agent.call.balance;

/**
 * Picks the provider for the next attempt of a call ({@code switchboard.loadbalance}).
 *
 * <p>Hot path: {@link #pick} runs on the caller's thread for every attempt; implementations keep
 * it free of locks and allocation.
 */
public interface Balancer
{
    /**
     * @param targets the live providers, never empty; do not modify.
     * @param nowNs   {@link System#nanoTime()}.
     * @param exclude a provider this call already tried, or {@code null}.
     * @param args    the call's arguments (may be {@code null} or empty).
     * @return a provider that {@linkplain Target#isAvailable is available} and is not {@code exclude},
     * or {@code null} when there is none.
     */
    Target pick(Target[] targets, long nowNs, Target exclude, Object[] args);

    /**
     * Told when the live providers change (off the hot path), before {@link #pick} sees the new array.
     *
     * @param targets the new providers.
     */
    default void update(final Target[] targets)
    {
    }
}
