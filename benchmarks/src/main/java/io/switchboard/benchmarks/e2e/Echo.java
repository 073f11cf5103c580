package io.switchboard.benchmarks.e2e;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;
import java.util.concurrent.CompletableFuture;

/**
 * The service the end-to-end measurements call: one round trip of a payload.
 */
@Remote
public interface Echo
{
    /**
     * @param payload bytes to send back.
     * @return the same bytes.
     */
    @Idempotent
    byte[] echo(byte[] payload);

    /**
     * Pipelined variant for throughput: in a consumer with the agent the future completes when the
     * provider's reply arrives, without blocking the caller.
     *
     * @param payload bytes to send back.
     * @return a future of the same bytes.
     */
    @Idempotent
    CompletableFuture<byte[]> echoAsync(byte[] payload);
}
