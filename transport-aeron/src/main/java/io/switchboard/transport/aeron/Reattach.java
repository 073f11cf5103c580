package io.switchboard.transport.aeron;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The re-attach state machine of a transport whose Aeron client was lost: {@code ATTACHED → LOST}
 * on {@link #lost}, then a background thread (never a caller's) runs the attempt with backoff until it
 * succeeds ({@code → ATTACHED}) or {@link #close} ({@code → CLOSED}). Callers that need the client
 * {@link #await} it up to their deadline. One line is logged on loss and one on recovery.
 */
final class Reattach
{
    /** Where the transport stands. */
    enum State
    {
        /** A client is connected. */
        ATTACHED,
        /** The client was lost; a background thread is attaching a new one. */
        LOST,
        /** Closed: no more attempts. */
        CLOSED
    }

    /**
     * One try at a new client: ensure a driver, connect, restore servers and counters.
     */
    interface Attempt
    {
        /**
         * @throws Exception when it did not work; it is tried again after a backoff.
         */
        void run() throws Exception;
    }

    static final long FIRST_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);

    private final Attempt attempt;
    private final Consumer<String> log;
    private final String what;
    private State state = State.ATTACHED;
    private String reason;
    private long lostAtNs;
    private int attempts;
    private String lastFailure;

    /**
     * @param what    names the transport in log lines, e.g. the driver directory.
     * @param attempt what re-attaching does.
     * @param log     where the two lines (loss, recovery) go.
     */
    Reattach(final String what, final Attempt attempt, final Consumer<String> log)
    {
        this.what = what;
        this.attempt = attempt;
        this.log = log;
    }

    /**
     * The client was lost: from {@code ATTACHED}, logs it and starts the background thread; otherwise nothing.
     *
     * @param cause what happened.
     * @return true when this call moved the state to {@code LOST} (the caller then releases the old client).
     */
    synchronized boolean lost(final String cause)
    {
        if (State.ATTACHED != state)
        {
            return false;
        }
        state = State.LOST;
        lostAtNs = System.nanoTime();
        attempts = 0;
        reason = "the Aeron client of this process lost its media driver at " + what + " (" + cause + "); " +
            "Switchboard is re-attaching to a new one in the background, calls meanwhile wait for it up to " +
            "their deadline";
        log.accept("switchboard: transport: " + reason + "; in-flight calls failed (idempotent ones were retried on " +
            "other providers). Nothing to do unless it does not recover: then check that the shared driver can " +
            "start (its log next to " + what + ") or set switchboard.driver=embedded");
        return true;
    }

    /**
     * Runs attempts with backoff until one works or {@link #close}; call on a thread of its own after
     * {@link #lost} returned true.
     */
    void run()
    {
        long backoffNs = FIRST_BACKOFF_NS;
        while (true)
        {
            synchronized (this)
            {
                if (State.LOST != state)
                {
                    return;
                }
                attempts++;
            }
            try
            {
                attempt.run();
                if (attached())
                {
                    return;
                }
            }
            catch (final Exception ex)
            {
                synchronized (this)
                {
                    lastFailure = String.valueOf(ex.getMessage());
                }
            }
            if (!pause(backoffNs))
            {
                return;
            }
            backoffNs = Math.min(2 * backoffNs, MAX_BACKOFF_NS);
        }
    }

    private synchronized boolean attached()
    {
        if (State.LOST != state)
        {
            return false; // closed meanwhile: the attempt's client is closed by the transport
        }
        state = State.ATTACHED;
        reason = null;
        notifyAll();
        log.accept("switchboard: transport: re-attached to the media driver at " + what + " after " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNs) + " ms (" + attempts + " attempt" +
            (attempts == 1 ? "" : "s") + "); serving and calling again on the same endpoint");
        return true;
    }

    private synchronized boolean pause(final long nanos)
    {
        final long untilNs = System.nanoTime() + nanos;
        long leftNs = nanos;
        while (State.LOST == state && leftNs > 0)
        {
            try
            {
                TimeUnit.NANOSECONDS.timedWait(this, leftNs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            leftNs = untilNs - System.nanoTime();
        }
        return State.LOST == state;
    }

    /**
     * Waits while re-attaching, up to {@code deadlineNs}.
     *
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     * @return null once attached, else why not (what happened, how long it has been, what to do).
     */
    synchronized String await(final long deadlineNs)
    {
        while (State.LOST == state)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0)
            {
                break;
            }
            try
            {
                TimeUnit.NANOSECONDS.timedWait(this, leftNs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return switch (state)
        {
            case ATTACHED -> null;
            case CLOSED -> "transport is closed";
            case LOST -> reason + "; still re-attaching after " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAtNs) + " ms (" + attempts + " attempt" +
                (attempts == 1 ? "" : "s") + (null == lastFailure ? "" : ", last: " + lastFailure) +
                "), so the call was not sent";
        };
    }

    /**
     * @return why there is no client now, or null while attached.
     */
    synchronized String reason()
    {
        return State.LOST == state ? reason : null;
    }

    /**
     * @return the state now.
     */
    synchronized State state()
    {
        return state;
    }

    /**
     * Stops attempts; waiting callers return.
     */
    synchronized void close()
    {
        state = State.CLOSED;
        notifyAll();
    }
}
