package io.switchboard.benchmarks.e2e;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

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
}
