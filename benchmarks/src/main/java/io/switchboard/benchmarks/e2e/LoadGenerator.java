package io.switchboard.benchmarks.e2e;

import java.io.PrintStream;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives one target through a {@link LoadPlan} and prints a {@link ScenarioResult} per payload and rate.
 * <p>
 * Fixed-rate runs measure from the <b>scheduled</b> send time of each request, not from when it was
 * actually sent: when a reply is late, the requests scheduled meanwhile are sent late and their wait
 * counts, so a stall shows in the percentiles (no coordinated omission). A synchronous target has one
 * calling thread; an asynchronous one sends on schedule without waiting for replies. Throughput runs
 * ({@code max}) send as fast as the target allows: closed loop with one call outstanding for a
 * synchronous target, a window of {@link #WINDOW} calls in flight for an asynchronous one; their latency
 * is from the actual send time.
 */
public final class LoadGenerator
{
    /** Calls in flight during an asynchronous throughput run. */
    public static final int WINDOW = 64;

    /** Above this many outstanding calls a fixed-rate asynchronous run gives up: the target is saturated. */
    private static final int MAX_OUTSTANDING = 20_000;

    private static final long SPIN_BEFORE_NS = TimeUnit.MICROSECONDS.toNanos(60);

    /** A target called synchronously. */
    @FunctionalInterface
    public interface SyncTarget
    {
        /**
         * @param payload request bytes.
         * @return reply bytes.
         * @throws Exception on failure: counted as an error.
         */
        byte[] call(byte[] payload) throws Exception;
    }

    /** A target called asynchronously. */
    @FunctionalInterface
    public interface AsyncTarget
    {
        /**
         * @param payload request bytes.
         * @return the reply when it arrives.
         */
        CompletionStage<byte[]> call(byte[] payload);
    }

    private final LoadPlan plan;
    private final PrintStream out;

    /**
     * @param plan what to measure.
     * @param out  where the result lines go.
     */
    public LoadGenerator(final LoadPlan plan, final PrintStream out)
    {
        this.plan = plan;
        this.out = out;
    }

    /**
     * @param target the synchronous target.
     */
    public void runSync(final SyncTarget target)
    {
        for (final int size : plan.payloads())
        {
            final byte[] payload = payload(size);
            closedLoop(target, payload, TimeUnit.SECONDS.toNanos(plan.warmupSec()));
            for (final int rate : plan.rates())
            {
                final ScenarioResult result = ScenarioResult.MAX_RATE == rate ?
                    closedLoop(target, payload, TimeUnit.SECONDS.toNanos(plan.measureSec())) :
                    fixedRate(target, payload, rate);
                print(result);
            }
        }
    }

    /**
     * @param target the asynchronous target.
     */
    public void runAsync(final AsyncTarget target)
    {
        for (final int size : plan.payloads())
        {
            final byte[] payload = payload(size);
            window(target, payload, TimeUnit.SECONDS.toNanos(plan.warmupSec()));
            for (final int rate : plan.rates())
            {
                final ScenarioResult result = ScenarioResult.MAX_RATE == rate ?
                    window(target, payload, TimeUnit.SECONDS.toNanos(plan.measureSec())) :
                    fixedRate(target, payload, rate);
                print(result);
            }
        }
    }

    private void print(final ScenarioResult result)
    {
        out.println(result.line());
        out.println(result.histogramLine());
        if (result.errors() > 0)
        {
            out.println("# " + result.errors() + " calls failed in " + result.scenario() + " payload=" + result.payload());
        }
        out.flush();
    }

    private ScenarioResult closedLoop(final SyncTarget target, final byte[] payload, final long durationNs)
    {
        final Histogram histogram = ScenarioResult.newHistogram();
        long errors = 0;
        long count = 0;
        final long start = System.nanoTime();
        final long end = start + durationNs;
        long now = start;
        while (now < end)
        {
            final long sent = now;
            errors += callOnce(target, payload);
            now = System.nanoTime();
            histogram.recordValue(now - sent);
            count++;
        }
        return result(payload, ScenarioResult.MAX_RATE, histogram, count, now - start, errors);
    }

    private ScenarioResult fixedRate(final SyncTarget target, final byte[] payload, final int rate)
    {
        final Histogram histogram = ScenarioResult.newHistogram();
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
        final long count = (long)rate * plan.measureSec();
        long errors = 0;
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (long i = 0; i < count; i++)
        {
            final long scheduled = start + i * intervalNs;
            awaitTime(scheduled);
            errors += callOnce(target, payload);
            histogram.recordValue(System.nanoTime() - scheduled);
        }
        return result(payload, rate, histogram, count, System.nanoTime() - start, errors);
    }

    private static int callOnce(final SyncTarget target, final byte[] payload)
    {
        try
        {
            final byte[] reply = target.call(payload);
            return null != reply && reply.length == payload.length ? 0 : 1;
        }
        catch (final Exception ex)
        {
            return 1;
        }
    }

    private ScenarioResult window(final AsyncTarget target, final byte[] payload, final long durationNs)
    {
        final Histogram histogram = ScenarioResult.newHistogram();
        final Semaphore window = new Semaphore(WINDOW);
        final AtomicLong errors = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final long start = System.nanoTime();
        final long end = start + durationNs;
        while (System.nanoTime() < end)
        {
            try
            {
                if (!window.tryAcquire(1, TimeUnit.SECONDS))
                {
                    continue;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
            final long sent = System.nanoTime();
            send(target, payload, sent, histogram, errors, completed).whenComplete((r, e) -> window.release());
        }
        drain(window, WINDOW);
        return result(payload, ScenarioResult.MAX_RATE, histogram, completed.get(), System.nanoTime() - start, errors.get());
    }

    private ScenarioResult fixedRate(final AsyncTarget target, final byte[] payload, final int rate)
    {
        final Histogram histogram = ScenarioResult.newHistogram();
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
        final long count = (long)rate * plan.measureSec();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        long sentCount = 0;
        for (long i = 0; i < count; i++)
        {
            final long scheduled = start + i * intervalNs;
            awaitTime(scheduled);
            if (!outstanding.tryAcquire())
            {
                System.err.println("# " + plan.scenario() + ": more than " + MAX_OUTSTANDING +
                    " calls outstanding at " + rate + " req/s; stopping this rate early (saturated)");
                break;
            }
            sentCount++;
            send(target, payload, scheduled, histogram, errors, completed).whenComplete((r, e) -> outstanding.release());
        }
        drain(outstanding, MAX_OUTSTANDING);
        final long lost = sentCount - completed.get() - errors.get();
        if (lost > 0)
        {
            errors.addAndGet(lost);
        }
        return result(payload, rate, histogram, completed.get(), System.nanoTime() - start, errors.get());
    }

    private static CompletionStage<byte[]> send(final AsyncTarget target, final byte[] payload, final long from,
        final Histogram histogram, final AtomicLong errors, final AtomicLong completed)
    {
        CompletionStage<byte[]> stage;
        try
        {
            stage = target.call(payload);
        }
        catch (final RuntimeException ex)
        {
            stage = java.util.concurrent.CompletableFuture.failedFuture(ex);
        }
        return stage.whenComplete((reply, error) ->
        {
            if (null == error && null != reply && reply.length == payload.length)
            {
                final long latency = System.nanoTime() - from;
                synchronized (histogram)
                {
                    histogram.recordValue(latency);
                }
                completed.incrementAndGet();
            }
            else
            {
                errors.incrementAndGet();
            }
        });
    }

    private static void drain(final Semaphore semaphore, final int permits)
    {
        try
        {
            if (!semaphore.tryAcquire(permits, 30, TimeUnit.SECONDS))
            {
                System.err.println("# replies still outstanding after 30 s: counted as errors");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private ScenarioResult result(final byte[] payload, final int rate, final Histogram histogram, final long count,
        final long elapsedNs, final long errors)
    {
        final Histogram copy;
        synchronized (histogram)
        {
            copy = histogram.copy();
        }
        return new ScenarioResult(plan.scenario(), payload.length, rate, copy, count * 1e9 / Math.max(1, elapsedNs), errors);
    }

    private static void awaitTime(final long deadline)
    {
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            if (left > SPIN_BEFORE_NS)
            {
                LockSupport.parkNanos(left - SPIN_BEFORE_NS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    private static byte[] payload(final int size)
    {
        final byte[] payload = new byte[size];
        for (int i = 0; i < size; i++)
        {
            payload[i] = (byte)i;
        }
        return payload;
    }
}
