package io.switchboard.agent.it.security;

import com.acme.e2e.Catalog;
import io.switchboard.api.Switchboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The legitimate consumer of the flood test: calls {@code Catalog.echo} back to back until the file
 * {@code stop} appears in its working directory, and files each call's latency under "before" or
 * "during" (while the file {@code flood} exists). Prints, per phase, {@code result <phase>.calls=},
 * {@code .errors=}, {@code .p50us=} and {@code .p99us=} lines, and the first error.
 */
public final class SteadyEchoConsumerMain
{
    private SteadyEchoConsumerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Catalog catalog = Switchboard.lookup(Catalog.class);
        final Path flood = Path.of("flood");
        final Path stop = Path.of("stop");
        final Phase before = new Phase("before");
        final Phase during = new Phase("during");
        System.out.println("consumer: calling");
        long call = 0;
        while (!Files.exists(stop))
        {
            final Phase phase = Files.exists(flood) ? during : before;
            final String value = "v" + (call++);
            final long startNs = System.nanoTime();
            try
            {
                final String echoed = catalog.echo(value);
                phase.record(System.nanoTime() - startNs, ("echo:" + value).equals(echoed) ? null : "wrong answer " + echoed);
            }
            catch (final RuntimeException ex)
            {
                phase.record(System.nanoTime() - startNs, ex.toString());
            }
            if (call % 500 == 0)
            {
                System.out.println("progress before=" + before.calls + " during=" + during.calls);
            }
        }
        before.print();
        during.print();
        System.out.println("result total.calls=" + call);
    }

    private static final class Phase
    {
        final String name;
        long[] latenciesNs = new long[1 << 16];
        int calls;
        int errors;
        String firstError;

        Phase(final String name)
        {
            this.name = name;
        }

        void record(final long latencyNs, final String error)
        {
            if (calls == latenciesNs.length)
            {
                latenciesNs = Arrays.copyOf(latenciesNs, calls * 2);
            }
            latenciesNs[calls++] = latencyNs;
            if (null != error)
            {
                errors++;
                firstError = null == firstError ? error : firstError;
            }
        }

        void print()
        {
            final long[] sorted = Arrays.copyOf(latenciesNs, calls);
            Arrays.sort(sorted);
            System.out.println("result " + name + ".calls=" + calls);
            System.out.println("result " + name + ".errors=" + errors);
            System.out.println("result " + name + ".p50us=" + percentileUs(sorted, 0.50));
            System.out.println("result " + name + ".p99us=" + percentileUs(sorted, 0.99));
            System.out.println("result " + name + ".firstError=" + firstError);
        }

        private static long percentileUs(final long[] sorted, final double p)
        {
            return 0 == sorted.length ? -1 : sorted[(int)Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
        }
    }
}
