package io.switchboard.benchmarks.call;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Attributes a consumer's allocation per call to its threads, which {@code -prof gc} cannot: JMH's
 * {@code gc.alloc.rate.norm} divides everything the JVM allocated (the driver's, the agent's background threads',
 * JMH's own) by the calls made, so at a few thousand calls per second a thread that allocates a little per duty
 * cycle shows up as tens of bytes per call. This runs {@link AgentCallBenchmark}'s set-up (a provider JVM),
 * makes {@code calls} synchronous and then asynchronous calls after as many for warm-up, and prints, per
 * thread, the bytes it allocated divided by the calls ({@code com.sun.management.ThreadMXBean}). Run from the
 * repository root with the agent, as the benchmark's fork runs:
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *   -javaagent:agent/target/switchboard-agent.jar=registry.dir=target/jmh-agent-call-registry,timeout.ms=30000 \
 *   -cp benchmarks/target/benchmarks.jar io.switchboard.benchmarks.call.CallAllocation 20000
 * </pre>
 * With a second argument {@code serving} (and without the agent) it measures {@link ServingCallBenchmark} instead:
 * the provider's serving path in this process, by thread (the reading thread, the workers).
 */
public final class CallAllocation
{
    private CallAllocation()
    {
    }

    /**
     * @param args optional: calls per measurement (default 20 000).
     * @throws Exception when the provider does not start.
     */
    public static void main(final String[] args) throws Exception
    {
        final int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        if (args.length > 1 && "serving".equals(args[1]))
        {
            final ServingCallBenchmark serving = new ServingCallBenchmark();
            serving.payloadBytes = 64;
            serving.setUp();
            try
            {
                measure("serving", () ->
                {
                    serving.call();
                    return null;
                }, calls);
            }
            finally
            {
                serving.tearDown();
            }
            return;
        }
        final AgentCallBenchmark benchmark = new AgentCallBenchmark();
        benchmark.setUp();
        try
        {
            measure("sync", benchmark::call, calls);
            measure("async", benchmark::callAsync, calls);
        }
        finally
        {
            benchmark.tearDown();
        }
    }

    private static void measure(final String name, final Supplier<byte[]> call, final int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            call.get();
        }
        final Map<Long, Long> before = allocated();
        final long startNs = System.nanoTime();
        for (int i = 0; i < calls; i++)
        {
            call.get();
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final Map<Long, Long> after = allocated();
        final Map<String, Double> perCall = new TreeMap<>();
        double total = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            final Long from = before.get(thread.getId());
            final Long to = after.get(thread.getId());
            if (null != to)
            {
                final double bytes = (double)(to - (null == from ? 0 : from)) / calls;
                total += bytes;
                if (bytes >= 0.05)
                {
                    perCall.merge(thread.getName().replaceAll("-\\d+$", "-N"), bytes, Double::sum);
                }
            }
        }
        System.out.printf("%s: %d calls, %.1f µs per call, %.1f B per call over all threads%n", name, calls,
            elapsedNs / 1000.0 / calls, total);
        perCall.forEach((thread, bytes) -> System.out.printf("  %-60s %8.1f B/call%n", thread, bytes));
    }

    private static Map<Long, Long> allocated()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long[] ids = threads.getAllThreadIds();
        final long[] bytes = threads.getThreadAllocatedBytes(ids);
        final Map<Long, Long> byId = new HashMap<>();
        for (int i = 0; i < ids.length; i++)
        {
            if (bytes[i] >= 0)
            {
                byId.put(ids[i], bytes[i]);
            }
        }
        return byId;
    }
}
