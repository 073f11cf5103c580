package io.switchboard.agent.call.balance;

/**
 * {@code consistent_hash}: calls whose first argument is equal go to the same provider (see
 * {@link Hashes#ofKey} for what "equal" means across JVMs), over a {@link HashRing} with virtual
 * nodes. When that provider is unavailable the key goes to the next one on the ring, and only the
 * keys of a provider that leaves move. Weights and warm-up do not apply: they would move keys.
 * Methods without arguments all share one key.
 */
final class ConsistentHash implements Balancer
{
    private volatile HashRing ring = HashRing.EMPTY;

    @Override
    public Target pick(final Target[] targets, final long nowNs, final Target exclude, final Object[] args)
    {
        final Object key = null == args || 0 == args.length ? null : args[0];
        return ring.owner(Hashes.ofKey(key), nowNs, exclude);
    }

    @Override
    public void update(final Target[] targets)
    {
        ring = HashRing.of(targets);
    }
}
