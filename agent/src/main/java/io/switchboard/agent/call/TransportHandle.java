package io.switchboard.agent.call;

import io.switchboard.transport.aeron.AeronTransport;

import java.util.function.Consumer;

/**
 * The transport as the call path sees it: launched in the background at startup, so it may not be
 * ready yet.
 */
public interface TransportHandle
{
    /**
     * @return the transport, waiting for its launch to finish.
     * @throws IllegalStateException when it could not be launched, with the reason.
     */
    AeronTransport get();

    /**
     * Runs {@code action} once the transport is ready (at once if it is), on the calling thread or
     * the launching thread; never blocks.
     *
     * @param action what to do with the transport, e.g. connect to a new provider ahead of calls.
     */
    void whenReady(Consumer<AeronTransport> action);
}
