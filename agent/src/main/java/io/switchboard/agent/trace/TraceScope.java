package io.switchboard.agent.trace;

/**
 * A span made current on this thread until {@link #close()}; keeps OpenTelemetry's types out of the
 * call and serving paths.
 */
public interface TraceScope extends AutoCloseable
{
    /**
     * Restores the context that was current before.
     */
    @Override
    void close();
}
