package io.switchboard.agent.call;

import io.switchboard.agent.registry.CurrentProcess;
import io.switchboard.agent.registry.ProviderRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The operating-system process of a provider on this host, to tell at once that it exited. Over
 * {@code aeron:ipc} nothing else says so quickly: the shared driver keeps a dead client's subscription until
 * its client liveness timeout, and the registry may list the dead provider for a whole session timeout.
 *
 * <p>Only a provider whose pid means the same process here is checked: same host name and the same pid
 * namespace (the record's {@code pidns} attribute), with a known start time. A process that has the pid but
 * started at another time reused it: the provider is gone. A zombie (killed, not yet reaped by its parent)
 * has exited too, although {@link ProcessHandle#isAlive()} still says alive.
 */
final class ProviderProcess
{
    // Start times are derived from clock ticks since boot; allow rounding between JVMs.
    private static final long START_TIME_TOLERANCE_MILLIS = 1000;
    private static final Path PROC = Path.of("/proc");

    private final long pid;
    private final long startTimeMillis;
    private ProcessHandle handle; // by the watching thread only; verified against the record's start time

    private ProviderProcess(final long pid, final long startTimeMillis)
    {
        this.pid = pid;
        this.startTimeMillis = startTimeMillis;
    }

    /**
     * @param record a provider's registry record.
     * @return its process, or {@code null} when its pid cannot be checked from here (another host or pid
     * namespace, no start time, or this very process).
     */
    static ProviderProcess of(final ProviderRecord record)
    {
        final String namespace = record.attribute(CurrentProcess.PID_NAMESPACE_ATTRIBUTE);
        if (!record.host().equals(CurrentProcess.host()) || null == namespace || namespace.isEmpty() ||
            !namespace.equals(CurrentProcess.pidNamespace()) || 0 == record.startTimeMillis() ||
            record.pid() == CurrentProcess.pid())
        {
            return null;
        }
        return new ProviderProcess(record.pid(), record.startTimeMillis());
    }

    /**
     * @return {@code true} once the process is known to have exited; never for a process that runs.
     */
    boolean exited()
    {
        if (null == handle)
        {
            final Optional<ProcessHandle> found = ProcessHandle.of(pid);
            if (found.isEmpty())
            {
                return true;
            }
            final Optional<Instant> started = found.get().info().startInstant();
            if (started.isPresent() &&
                Math.abs(started.get().toEpochMilli() - startTimeMillis) > START_TIME_TOLERANCE_MILLIS)
            {
                return true; // another process has the pid now
            }
            handle = found.get();
        }
        // isAlive compares the start time it saw first, so a reused pid reads as dead here too.
        return !handle.isAlive() || isZombie(pid);
    }

    /**
     * @return its pid.
     */
    long pid()
    {
        return pid;
    }

    private static boolean isZombie(final long pid)
    {
        if (!Files.isDirectory(PROC))
        {
            return false; // not Linux: isAlive is all there is
        }
        try
        {
            final String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
                StandardCharsets.US_ASCII);
            final int end = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
            final char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return 'Z' == state || 'X' == state;
        }
        catch (final NoSuchFileException ex)
        {
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false; // cannot tell: never report a running provider as gone
        }
    }
}
