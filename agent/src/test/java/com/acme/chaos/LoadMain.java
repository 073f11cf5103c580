package com.acme.chaos;

import io.switchboard.api.RpcException;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The consumer of the chaos tests: a steady load on {@link Ledger} from a few threads, each calling
 * once per period, until a line {@code stop} on stdin. The test names the phases of its experiment
 * with lines {@code phase <name>} (the first phase is {@code warmup}); every call's request id starts
 * with the phase it began in, then this process's pid (ids are unique across consumers). A line {@code work <ms>} changes how long each call works on the provider.
 *
 * <p>Arguments: {@code idempotent|plain threads periodMs workMs slowMs outcomesFile}. Prints
 * {@code result load.started=...} once a call succeeded, {@code seen <phase> <outcome>} the first
 * time an outcome kind shows in a phase (so the test can wait for it), and at the end
 * {@code result <name>=<value>} lines per phase: calls, failed, p99 (HdrHistogram, corrected for
 * coordinated omission at the period), max, pids that answered, calls slower than {@code slowMs}
 * (those that waited out a hung provider before going elsewhere) and the first failures. Every
 * call's outcome goes to {@code outcomesFile}: {@code <id> ok <pid> <µs>} or
 * {@code <id> failed <exception class> <start epoch ms> <end epoch ms> <message>}.
 */
public final class LoadMain
{
    private static final long SELF = ProcessHandle.current().pid();

    private final boolean idempotent;
    private final long periodNs;
    private volatile long workMs;
    private final long slowNs;
    private final Ledger ledger = new LedgerImpl();
    private final Map<String, Phase> phases = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile Phase phase;
    private volatile boolean stop;

    private LoadMain(final boolean idempotent, final long periodMs, final long workMs, final long slowMs)
    {
        this.idempotent = idempotent;
        this.periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        this.workMs = workMs;
        this.slowNs = TimeUnit.MILLISECONDS.toNanos(slowMs);
        enter("warmup");
    }

    /** One phase of the experiment: its latency histogram, counts and outcomes. */
    private static final class Phase
    {
        final String name;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Set<Long> pids = new TreeSet<>();
        final List<String> failures = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();
        long calls;
        long failed;
        long slow;
        long local;

        Phase(final String name)
        {
            this.name = name;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final LoadMain load = new LoadMain("idempotent".equals(args[0]), Long.parseLong(args[2]), Long.parseLong(args[3]),
            Long.parseLong(args[4]));
        load.run(Integer.parseInt(args[1]), Path.of(args[5]));
    }

    private void enter(final String name)
    {
        phase = phases.computeIfAbsent(name, Phase::new);
    }

    private void run(final int threads, final Path outcomesFile) throws Exception
    {
        warmUp();
        System.out.println("result load.started=" + System.currentTimeMillis());
        final Thread commands = new Thread(this::readCommands, "commands");
        commands.setDaemon(true);
        commands.start();
        final List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            final Thread caller = new Thread(() -> callSteadily(thread), "caller-" + t);
            callers.add(caller);
            caller.start();
        }
        for (final Thread caller : callers)
        {
            caller.join();
        }
        report(outcomesFile);
    }

    // Waits for a provider with calls of the load's own kind: an @Idempotent call that is slow to answer (a cold
    // provider on a loaded machine) is re-sent and may legitimately run twice, which a plain load's journals
    // must not show, since the test reads any id that ran twice there as a broken at-most-once promise.
    private void warmUp() throws InterruptedException
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RuntimeException last = null;
        for (int i = 0; System.nanoTime() - end < 0; i++)
        {
            try
            {
                final String id = "first-" + SELF + "-" + i;
                if ((idempotent ? ledger.recordIdempotent(id, 0) : ledger.record(id, 0)) != SELF)
                {
                    return;
                }
            }
            catch (final RpcException ex)
            {
                last = ex; // not registered yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no provider answered within 30 s; last failure: " + last, last);
    }

    private void readCommands()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            for (String line = in.readLine(); null != line; line = in.readLine())
            {
                if (line.startsWith("phase "))
                {
                    enter(line.substring("phase ".length()).strip());
                }
                else if (line.startsWith("work "))
                {
                    workMs = Long.parseLong(line.substring("work ".length()).strip());
                }
                else if ("stop".equals(line.strip()))
                {
                    break;
                }
            }
        }
        catch (final IOException ignored)
        {
            // stdin gone: stop
        }
        stop = true;
    }

    private void callSteadily(final int thread)
    {
        long next = System.nanoTime();
        for (long seq = 0; !stop; seq++)
        {
            final Phase current = phase;
            final String id = current.name + "-" + SELF + "-" + thread + "-" + seq;
            final long startMs = System.currentTimeMillis();
            final long t0 = System.nanoTime();
            String outcome;
            String kind;
            long pid = 0;
            try
            {
                pid = idempotent ? ledger.recordIdempotent(id, workMs) : ledger.record(id, workMs);
                kind = pid == SELF ? "local" : "ok";
                outcome = id + " ok " + pid;
            }
            catch (final RuntimeException ex)
            {
                kind = ex.getClass().getSimpleName();
                outcome = id + " failed " + ex.getClass().getName() + " " + startMs + " " + System.currentTimeMillis() +
                    " " + String.valueOf(ex.getMessage()).replace('\n', ' ');
            }
            final long latencyNs = System.nanoTime() - t0;
            record(current, kind, pid, latencyNs, outcome + ("ok".equals(kind) ? " " + latencyNs / 1000 : ""));
            next += periodNs;
            final long sleepNs = next - System.nanoTime();
            if (sleepNs > 0)
            {
                sleep(sleepNs);
            }
            else
            {
                next = System.nanoTime(); // fell behind (a slow call): do not burst to catch up
            }
        }
    }

    private void record(final Phase at, final String kind, final long pid, final long latencyNs, final String outcome)
    {
        if (seen.add(at.name + " " + kind))
        {
            System.out.println("seen " + at.name + " " + kind);
        }
        synchronized (at)
        {
            at.calls++;
            at.latency.recordValueWithExpectedInterval(Math.min(latencyNs, at.latency.getHighestTrackableValue()),
                periodNs);
            at.outcomes.add(outcome);
            if (latencyNs >= slowNs)
            {
                at.slow++;
            }
            if ("ok".equals(kind))
            {
                at.pids.add(pid);
            }
            else if ("local".equals(kind))
            {
                at.local++;
            }
            else
            {
                at.failed++;
                if (at.failures.size() < 5)
                {
                    at.failures.add(outcome);
                }
            }
        }
    }

    private void report(final Path outcomesFile) throws IOException
    {
        long calls = 0;
        long failed = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(outcomesFile)))
        {
            for (final Phase p : phases.values())
            {
                synchronized (p)
                {
                    calls += p.calls;
                    failed += p.failed;
                    p.outcomes.forEach(out::println);
                    final String at = "result " + p.name + ".";
                    System.out.println(at + "calls=" + p.calls);
                    System.out.println(at + "failed=" + p.failed);
                    System.out.println(at + "local=" + p.local);
                    System.out.println(at + "slow=" + p.slow);
                    System.out.println(at + "p99.us=" + p.latency.getValueAtPercentile(99) / 1000);
                    System.out.println(at + "max.us=" + p.latency.getMaxValue() / 1000);
                    System.out.println(at + "pids=" + p.pids.toString().replace(" ", ""));
                    System.out.println(at + "failures=" + (p.failures.isEmpty() ? "none" : String.join(" | ", p.failures)));
                }
            }
        }
        System.out.println("result load.calls=" + calls);
        System.out.println("result load.failed=" + failed);
        System.out.println("result done=load");
    }

    private static void sleep(final long nanos)
    {
        try
        {
            Thread.sleep(nanos / 1_000_000L, (int)(nanos % 1_000_000L));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
