package io.switchboard.agent.serve;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.transport.serial.PayloadRejectedException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs refused payloads (classes off the allow-list, gadget classes) as one WARN line naming the
 * class, the method and the caller's address, at most once per interval: a flood of hostile frames
 * costs a counter increment each, not a log line, and the next line says how many were not logged.
 * Thread-safe; called by workers.
 */
final class RejectionLog
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final AgentLog log;
    private final AtomicLong nextLineNs;
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * @param log where the lines go.
     */
    RejectionLog(final AgentLog log)
    {
        this.log = log;
        this.nextLineNs = new AtomicLong(System.nanoTime() - INTERVAL_NS);
    }

    /**
     * @param method   the method the refused call named.
     * @param source   the caller's address ({@code ip:port}, or the IPC session).
     * @param clientId the caller's client id.
     * @param refusal  what was refused and why.
     * @return true when a line was written; false when it was counted as not logged.
     */
    boolean refused(final RemoteMethod method, final String source, final long clientId,
        final PayloadRejectedException refusal)
    {
        final long nowNs = System.nanoTime();
        final long next = nextLineNs.get();
        if (nowNs - next < 0 || !nextLineNs.compareAndSet(next, nowNs + INTERVAL_NS))
        {
            unlogged.incrementAndGet();
            return false;
        }
        final long skipped = unlogged.getAndSet(0);
        log.warn("refused a call of " + method + " from " + source + " (client " + Long.toHexString(clientId) +
            "): " + refusal.getMessage() + "; nothing of that class was loaded or run, the caller got " +
            "PAYLOAD_REJECTED" + (skipped > 0 ? " (" + skipped + " more refused calls in the last second were " +
            "counted but not logged)" : ""));
        return true;
    }
}
