package io.switchboard.demo.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and latencies of the load driver's requests, read once a second as an interval and summed
 * into totals. {@link #record} is called by many worker threads; {@link #interval} by one reporter.
 */
final class LoadStats
{
    /** What one interval (or the whole run, for {@link #totals}) saw. */
    record Interval(long reads, long readsFailed, long orders, long ordersFailed, Histogram latencyMicros,
        Map<Long, Long> servedByInventoryPid)
    {
        long requests()
        {
            return reads + orders;
        }

        long failed()
        {
            return readsFailed + ordersFailed;
        }
    }

    private final Recorder latency = new Recorder(3);
    private final LongAdder reads = new LongAdder();
    private final LongAdder readsFailed = new LongAdder();
    private final LongAdder orders = new LongAdder();
    private final LongAdder ordersFailed = new LongAdder();
    private final Map<Long, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    private final Histogram totalLatency = new Histogram(3);
    private final Map<Long, Long> totalServedBy = new TreeMap<>();
    private long totalReads;
    private long totalReadsFailed;
    private long totalOrders;
    private long totalOrdersFailed;

    /**
     * Records one answered or failed request.
     *
     * @param idempotent   whether it was a read (idempotent) rather than an order.
     * @param micros       time from its scheduled start to its end.
     * @param failure      {@code null} when it succeeded, else what went wrong (status and message).
     * @param inventoryPid the inventory replica that served it, {@code 0} when unknown.
     */
    void record(final boolean idempotent, final long micros, final String failure, final long inventoryPid)
    {
        latency.recordValue(Math.max(1, micros));
        (idempotent ? reads : orders).increment();
        if (null != failure)
        {
            (idempotent ? readsFailed : ordersFailed).increment();
            failures.computeIfAbsent((idempotent ? "read: " : "order: ") + failure, k -> new LongAdder()).increment();
        }
        if (0 != inventoryPid)
        {
            servedBy.computeIfAbsent(inventoryPid, k -> new LongAdder()).increment();
        }
    }

    /**
     * @return what happened since the previous call, also added to the totals. One caller at a time.
     */
    synchronized Interval interval()
    {
        final Histogram histogram = latency.getIntervalHistogram();
        final Map<Long, Long> served = new TreeMap<>();
        servedBy.forEach((pid, count) -> served.put(pid, count.sumThenReset()));
        final Interval interval = new Interval(reads.sumThenReset(), readsFailed.sumThenReset(),
            orders.sumThenReset(), ordersFailed.sumThenReset(), histogram, served);
        totalLatency.add(histogram);
        served.forEach((pid, count) -> totalServedBy.merge(pid, count, Long::sum));
        totalReads += interval.reads();
        totalReadsFailed += interval.readsFailed();
        totalOrders += interval.orders();
        totalOrdersFailed += interval.ordersFailed();
        return interval;
    }

    /**
     * @return everything recorded up to the last {@link #interval()}.
     */
    synchronized Interval totals()
    {
        return new Interval(totalReads, totalReadsFailed, totalOrders, totalOrdersFailed, totalLatency.copy(),
            new TreeMap<>(totalServedBy));
    }

    /**
     * @return failure descriptions and how often each happened.
     */
    Map<String, Long> failures()
    {
        final Map<String, Long> out = new TreeMap<>();
        failures.forEach((what, count) -> out.put(what, count.sum()));
        return out;
    }
}
