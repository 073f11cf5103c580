package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.CurrentProcess;
import io.switchboard.agent.registry.ProviderRecord;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells whether the process that wrote a provider record still runs: same pid and same start time
 * (a different start time means the pid was reused by an unrelated process).
 */
final class ProcessLiveness
{
    // Start times are derived from clock ticks since boot; allow rounding between JVMs.
    private static final long START_TIME_TOLERANCE_MILLIS = 1000;

    private ProcessLiveness()
    {
    }

    /**
     * @param record a provider record
     * @return false only when the record's process is known to be gone; true when alive or when it
     *         cannot be checked (another host, no start time)
     */
    static boolean isAlive(final ProviderRecord record)
    {
        if (!record.host().equals(CurrentProcess.host()))
        {
            return true; // left to the heartbeat
        }
        if (record.pid() == CurrentProcess.pid())
        {
            return record.startTimeMillis() == 0 || CurrentProcess.startTimeMillis() == 0 ||
                Math.abs(record.startTimeMillis() - CurrentProcess.startTimeMillis()) <= START_TIME_TOLERANCE_MILLIS;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(record.pid());
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return false;
        }
        if (record.startTimeMillis() == 0)
        {
            return true;
        }
        final Optional<Instant> started = handle.get().info().startInstant();
        return started.isEmpty() ||
            Math.abs(started.get().toEpochMilli() - record.startTimeMillis()) <= START_TIME_TOLERANCE_MILLIS;
    }
}
