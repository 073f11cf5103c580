package com.acme.chaos;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

/**
 * The service of the chaos tests: each call does some work, then records its request id in the
 * serving process's {@link Journal} (the call's one side effect) and returns that process's pid.
 */
@Remote
public interface Ledger
{
    /**
     * Not idempotent: the consumer must not re-send it once it may have run.
     *
     * @param id         a request id unique to the call.
     * @param workMillis how long the call works before recording.
     * @return the pid of the process that ran it.
     */
    long record(String id, long workMillis);

    /**
     * The same, marked safe to re-send.
     *
     * @param id         a request id unique to the call.
     * @param workMillis how long the call works before recording.
     * @return the pid of the process that ran it.
     */
    @Idempotent
    long recordIdempotent(String id, long workMillis);

    /**
     * Keeps a worker busy: writes the marker {@code holding-<pid>} into the journal directory, then sleeps.
     *
     * @param millis how long.
     */
    void hold(long millis);
}
