package io.switchboard.benchmarks.e2e;

import java.util.concurrent.CompletableFuture;

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

    @Override
    public CompletableFuture<byte[]> echoAsync(final byte[] payload)
    {
        return CompletableFuture.completedFuture(payload);
    }
}
