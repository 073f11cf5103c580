package io.switchboard.transport.aeron;

import java.util.concurrent.ThreadFactory;

/**
 * Thread factory for every thread the transport and its embedded media driver start: daemon
 * threads, so an application's JVM exits when its own threads end, as it would without Switchboard.
 */
public final class DaemonThreads
{
    /** Creates daemon threads; names are set by Agrona's agent runners. */
    public static final ThreadFactory FACTORY = runnable ->
    {
        final Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
    };

    private DaemonThreads()
    {
    }
}
