package io.switchboard.agent.call;

import io.switchboard.transport.aeron.client.Reply;

/**
 * What a thread's synchronous call reuses instead of allocating: the transport's {@link Reply} and the
 * call's {@link Attempts}. Taken for the duration of one call; a call made while the thread's scratch is
 * taken (a fallback calling another service, say) gets fresh objects.
 */
final class SyncScratch
{
    private static final ThreadLocal<SyncScratch> SCRATCH = ThreadLocal.withInitial(SyncScratch::new);

    final Reply reply = new Reply();
    final Attempts attempts = new Attempts(null, 0, 0, 0, null);
    private boolean taken;

    /**
     * @return this thread's scratch, now taken, or a fresh one when it is already taken.
     */
    static SyncScratch take()
    {
        final SyncScratch scratch = SCRATCH.get();
        if (scratch.taken)
        {
            final SyncScratch fresh = new SyncScratch();
            fresh.taken = true;
            return fresh;
        }
        scratch.taken = true;
        return scratch;
    }

    /** Gives it back at the end of the call. */
    void release()
    {
        taken = false;
    }
}
