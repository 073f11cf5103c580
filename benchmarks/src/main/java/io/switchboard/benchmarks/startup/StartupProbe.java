package io.switchboard.benchmarks.startup;

import io.switchboard.benchmarks.e2e.Echo;
import io.switchboard.benchmarks.e2e.EchoImpl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The application of {@code benchmarks/startup.sh}: prints how long after the launch (the epoch
 * microseconds in {@code -Dprobe.launchMicros}, taken by the script just before {@code java}) it
 * reached {@code main}, and, with the argument {@code provider}, how long until its {@link Echo}
 * was constructed, which is when a provider's agent exports and registers it.
 */
public final class StartupProbe
{
    private StartupProbe()
    {
    }

    /**
     * @param args {@code consumer} or {@code provider}.
     */
    public static void main(final String[] args)
    {
        final long mainMicros = nowMicros();
        final long launchMicros = Long.parseLong(System.getProperty("probe.launchMicros"));
        final long cpuMillis = cpuMillis();
        final StringBuilder line = new StringBuilder("main_ms=").append((mainMicros - launchMicros) / 1000.0)
            .append(" cpu_ms=").append(cpuMillis);
        if (args.length > 0 && "provider".equals(args[0]))
        {
            final Echo echo = new EchoImpl();
            line.append(" ready_ms=").append((nowMicros() - launchMicros) / 1000.0)
                .append(" echo=").append(echo.echo(new byte[1]).length);
        }
        System.out.println(line);
    }

    // CPU time of the whole process so far (all threads: the agent's background work and the JIT too), from
    // /proc/self/stat (utime + stime, in clock ticks of 10 ms); less disturbed by other load than wall time.
    private static long cpuMillis()
    {
        try
        {
            final String stat = new String(Files.readAllBytes(Path.of("/proc/self/stat")), StandardCharsets.US_ASCII);
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static long nowMicros()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
