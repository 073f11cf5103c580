package io.switchboard.agent.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders registered providers as the text table printed by {@code java -jar switchboard-agent.jar services}:
 * one row per instance, grouped by service and version, with the group's instance count on its first row.
 *
 * <pre>
 * SERVICE             VERSION  INSTANCES  ENDPOINT        PID   AGE    WEIGHT
 * com.acme.Inventory  ""       2          aeron:ipc|s=1   4242  3m12s  100
 *                                         aeron:ipc|s=2   4250  15s    100
 * </pre>
 */
public final class ServicesTable
{
    private static final String[] HEADER = {"SERVICE", "VERSION", "INSTANCES", "ENDPOINT", "PID", "AGE", "WEIGHT"};
    private static final String NONE = "No services are registered.\n";

    private ServicesTable()
    {
    }

    /**
     * @param providers providers in any order
     * @param now       the time ages are measured to (age = time since the provider process started)
     * @return the table, ending with a newline; a one-line note when there are no providers
     */
    public static String render(final List<ProviderRecord> providers, final Instant now)
    {
        if (providers.isEmpty())
        {
            return NONE;
        }
        final List<ProviderRecord> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(ProviderRecord::key).thenComparing(ProviderRecord::instanceId));

        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (int i = 0; i < sorted.size(); i++)
        {
            final ProviderRecord r = sorted.get(i);
            final boolean first = i == 0 || !sorted.get(i - 1).key().equals(r.key());
            rows.add(new String[] {
                first ? r.service() : "",
                first ? "\"" + r.version() + "\"" : "",
                first ? Long.toString(sorted.stream().filter(p -> p.key().equals(r.key())).count()) : "",
                r.endpoint().isEmpty() ? "-" : r.endpoint(),
                Long.toString(r.pid()),
                r.startTimeMillis() == 0 ? "?" : age(Duration.ofMillis(now.toEpochMilli() - r.startTimeMillis())),
                Integer.toString(r.weight())});
        }

        final int[] widths = new int[HEADER.length];
        for (final String[] row : rows)
        {
            for (int c = 0; c < row.length; c++)
            {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++)
            {
                line.append(row[c]);
                if (c < row.length - 1)
                {
                    line.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /**
     * @param age a duration
     * @return compact form: {@code 45s}, {@code 3m12s}, {@code 2h05m}, {@code 3d04h}; negative ages are {@code 0s}
     */
    static String age(final Duration age)
    {
        final long s = Math.max(0, age.getSeconds());
        if (s < 60)
        {
            return s + "s";
        }
        if (s < 3600)
        {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86400)
        {
            return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
        }
        return (s / 86400) + "d" + String.format("%02d", (s % 86400) / 3600) + "h";
    }
}
