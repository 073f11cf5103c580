package io.switchboard.agent.call.outcome;

import io.aeron.CncFileDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the call-outcome counters that running consumers publish ({@link CallOutcomes}) from the
 * CnC files of media drivers on this host, for the {@code services} command. Read-only: it maps
 * each {@code cnc.dat} and reads its counters, like AeronStat; it never joins the driver.
 */
public final class PublishedOutcomes
{
    /**
     * The counts of one service's calls in one consumer process.
     *
     * @param pid     the consumer's process id.
     * @param service the service name.
     * @param counts  indexed by {@link Outcome#ordinal()}.
     */
    public record Row(long pid, String service, long[] counts)
    {
        /**
         * @param outcome an outcome.
         * @return its count.
         */
        public long get(final Outcome outcome)
        {
            return counts[outcome.ordinal()];
        }
    }

    private PublishedOutcomes()
    {
    }

    /**
     * @param sharedBase where the host-shared driver lives ({@code switchboard.driver.shared.dir}).
     * @return its driver directories, one per network namespace ({@code driver-net<inode>}), maybe none.
     */
    public static List<Path> sharedDriverDirs(final Path sharedBase)
    {
        final List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(sharedBase, "driver-*"))
        {
            found.forEach(dir ->
            {
                if (Files.isDirectory(dir)) // not its .lock, .pid and .log files
                {
                    dirs.add(dir);
                }
            });
        }
        catch (final IOException | RuntimeException ignore)
        {
            // no shared driver (yet), or another user's: nothing to read there
        }
        return dirs;
    }

    /**
     * @param shmRoot    where embedded drivers keep their directories ({@code switchboard-*} are read).
     * @param driverDirs further driver directories to read (the shared or an external driver's), may be empty.
     * @return the counts of every live consumer found, by pid then service.
     */
    public static List<Row> read(final Path shmRoot, final List<Path> driverDirs)
    {
        final Set<Path> dirs = new LinkedHashSet<>();
        driverDirs.forEach(dir -> dirs.add(dir.toAbsolutePath().normalize()));
        try (DirectoryStream<Path> found = Files.newDirectoryStream(shmRoot, "switchboard-*"))
        {
            found.forEach(dir -> dirs.add(dir.toAbsolutePath().normalize()));
        }
        catch (final IOException | RuntimeException ignore)
        {
            // no such root: only the named directories
        }
        final Map<String, Row> rows = new TreeMap<>();
        for (final Path dir : dirs)
        {
            readDriver(dir.resolve(CncFileDescriptor.CNC_FILE), rows);
        }
        final List<Row> result = new ArrayList<>(rows.values());
        result.sort(Comparator.comparingLong(Row::pid).thenComparing(Row::service));
        return result;
    }

    private static void readDriver(final Path cnc, final Map<String, Row> rows)
    {
        if (!Files.isRegularFile(cnc) || !Files.isReadable(cnc))
        {
            return;
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc.toFile(), "cnc");
            final DirectBuffer meta = CncFileDescriptor.createMetaDataBuffer(mapped);
            CncFileDescriptor.checkVersion(meta.getInt(CncFileDescriptor.cncVersionOffset(0)));
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, meta),
                CncFileDescriptor.createCountersValuesBuffer(mapped, meta));
            counters.forEach((counterId, typeId, key, label) ->
            {
                if (OutcomeCounterKey.TYPE_ID != typeId)
                {
                    return;
                }
                final long pid = OutcomeCounterKey.pid(key);
                final Outcome outcome = OutcomeCounterKey.outcome(key);
                if (null == outcome || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    return; // a newer writer's outcome, or a consumer that died without freeing its counters
                }
                final String service = OutcomeCounterKey.service(key);
                rows.computeIfAbsent(pid + " " + service, k -> new Row(pid, service, new long[Outcome.values().length]))
                    .counts()[outcome.ordinal()] += counters.getCounterValue(counterId);
            });
        }
        catch (final RuntimeException ex)
        {
            // a driver starting up or shutting down, or another user's: nothing to read there now
        }
        finally
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
        }
    }

    /**
     * @param rows what {@link #read} found.
     * @return a text table, one row per consumer process and service, ending with a newline.
     */
    public static String render(final List<Row> rows)
    {
        final Outcome[] outcomes = Outcome.values();
        final List<String[]> lines = new ArrayList<>();
        final String[] header = new String[2 + outcomes.length];
        header[0] = "PID";
        header[1] = "SERVICE";
        for (final Outcome outcome : outcomes)
        {
            header[2 + outcome.ordinal()] = outcome.label().toUpperCase(Locale.ROOT);
        }
        lines.add(header);
        for (final Row row : rows)
        {
            final String[] line = new String[header.length];
            line[0] = Long.toString(row.pid());
            line[1] = row.service();
            for (final Outcome outcome : outcomes)
            {
                line[2 + outcome.ordinal()] = Long.toString(row.get(outcome));
            }
            lines.add(line);
        }
        final int[] widths = new int[header.length];
        for (final String[] line : lines)
        {
            for (int c = 0; c < line.length; c++)
            {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final String[] line : lines)
        {
            final StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.length; c++)
            {
                text.append(line[c]).append(" ".repeat(widths[c] - line[c].length() + 2));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
