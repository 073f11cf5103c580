package io.switchboard.agent.serve;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a provider did with the requests it received: how many it ran, and how many it refused
 * without running them, by reason. Each refusal was answered with a status that tells the consumer
 * the call did not run, so it may re-send it elsewhere.
 */
public final class ServingCounters
{
    final AtomicLong started = new AtomicLong();
    final AtomicLong overloaded = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong shuttingDown = new AtomicLong();
    final AtomicLong payloadsRejected = new AtomicLong();

    /** @return calls whose method was invoked. */
    public long started()
    {
        return started.get();
    }

    /** @return calls refused as OVERLOADED: every worker busy and the queue full. */
    public long overloaded()
    {
        return overloaded.get();
    }

    /** @return calls refused as DEADLINE_EXCEEDED: their deadline passed before they could start. */
    public long expired()
    {
        return expired.get();
    }

    /** @return calls refused as SHUTTING_DOWN: they arrived after this provider deregistered. */
    public long shuttingDown()
    {
        return shuttingDown.get();
    }

    /** @return calls refused as PAYLOAD_REJECTED: their arguments named a class off the allow-list or a gadget. */
    public long payloadsRejected()
    {
        return payloadsRejected.get();
    }

    @Override
    public String toString()
    {
        return "ran " + started() + " calls; refused without running " + overloaded() + " as overloaded, " +
            expired() + " past their deadline and " + shuttingDown() + " while shutting down; refused " +
            payloadsRejected() + " naming a class that is not allowed (PAYLOAD_REJECTED)";
    }
}
