package io.switchboard.benchmarks.e2e;

/**
 * Returns its argument; in a consumer process the agent sends calls on it to the provider.
 */
public final class EchoImpl implements Echo
{
    @Override
    public byte[] echo(final byte[] payload)
    {
        return payload;
    }
}
