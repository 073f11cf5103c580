package io.switchboard.benchmarks.e2e;

import java.util.Arrays;

/**
 * A simple closed-loop measurement of synchronous Switchboard calls: warm up, then time each call
 * and print percentiles. Run it with the agent in a process that does not provide {@link Echo}.
 * Not corrected for coordinated omission: the fixed-rate harness is the reference; this gives a
 * first figure.
 */
public final class CallLatencyMain
{
    private CallLatencyMain()
    {
    }

    /**
     * @param args [calls (default 20000)] [payload bytes (default 64)].
     */
    public static void main(final String[] args)
    {
        final int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        final Echo echo = new EchoImpl();
        final byte[] payload = new byte[size];

        for (int i = 0; i < calls; i++)
        {
            check(echo.echo(payload), size);
        }
        final long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++)
        {
            final long start = System.nanoTime();
            final byte[] reply = echo.echo(payload);
            nanos[i] = System.nanoTime() - start;
            check(reply, size);
        }
        Arrays.sort(nanos);
        System.out.printf("calls=%d payload=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n",
            calls, size, us(nanos, 0.50), us(nanos, 0.90), us(nanos, 0.99), us(nanos, 0.999), nanos[calls - 1] / 1e3);
    }

    private static void check(final byte[] reply, final int size)
    {
        if (null == reply || reply.length != size)
        {
            throw new IllegalStateException("wrong reply: " + (null == reply ? "null" : reply.length + " bytes"));
        }
    }

    private static double us(final long[] sorted, final double quantile)
    {
        return sorted[Math.min(sorted.length - 1, (int)(quantile * sorted.length))] / 1e3;
    }
}
