package io.switchboard.demo.load;

import io.switchboard.demo.shop.Catalog;
import io.switchboard.demo.shop.Storefront;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The demo's load: a few concurrent clients, each sending its next request against the storefront
 * when the previous one is answered, 70% product reads ({@code GET /product/{sku}}: idempotent calls
 * to pricing and inventory) and 30% orders ({@code POST /order}: a non-idempotent call to orders,
 * which reserves stock). A closed loop suits a demo on a small shared machine: when the machine is
 * busy the rate drops instead of requests queueing up without bound.
 * A progress line each second shows the rate, p50/p99, errors and how reads and orders spread over
 * the inventory replicas; halfway through it runs {@code kill -9} on one replica. After the load it
 * reads a sample order trace back from Zipkin and prints the summary, whose last line is
 * {@code demo: requests=N ok=N failed=N failed_idempotent=N killed=<pid> trace_services=N trace=<url>}.
 */
public final class LoadDriver
{
    private static final int WARM_UP_REQUESTS = 20;
    private static final int WARM_UP_SECONDS = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String ORDER_SPAN = "io.switchboard.demo.shop.Orders/place";

    private final Options options;
    private final PrintStream out = System.out;
    private final boolean tty = null != System.console();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final LoadStats stats = new LoadStats();
    private volatile long killedAtNanos;

    private LoadDriver(final Options options)
    {
        this.options = options;
    }

    /**
     * @param args {@code --url <storefront> --zipkin <server> --inventory <pid,pid> --kill <pid>
     *             [--duration <s>] [--clients <n>] [--explore]}.
     * @throws Exception when the storefront never answers or the driver is interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        new LoadDriver(Options.parse(args)).run();
    }

    private void run() throws Exception
    {
        final ZipkinTraces zipkin = new ZipkinTraces(options.zipkin, http);
        awaitReady(zipkin);
        out.printf(Locale.ROOT, "demo: this machine: %d CPUs, load average %.1f (other work here slows every figure below)%n",
            Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf("demo: load for %d s from %d concurrent clients: 70%% GET /product/<sku> (idempotent reads: pricing + inventory), " +
            "30%% POST /order (not idempotent: orders -> pricing + inventory.reserve)%n", options.durationSeconds, options.clients);
        out.printf("demo: halfway, kill -9 inventory pid %d; the other replica, pid %s, should take over without a " +
            "failed read%n", options.kill, otherReplicas());

        final long start = System.nanoTime();
        final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(daemon("demo-progress"));
        reporter.scheduleAtFixedRate(() -> progress(start), 1, 1, TimeUnit.SECONDS);
        reporter.schedule(() -> kill(start), options.durationSeconds * 500L, TimeUnit.MILLISECONDS);
        drive(start, options.durationSeconds, stats);
        reporter.shutdownNow();
        reporter.awaitTermination(5, TimeUnit.SECONDS);
        if (tty)
        {
            out.println();
        }
        stats.interval();
        final double seconds = (System.nanoTime() - start) / 1e9;

        out.println("demo: reading a sample order trace back from Zipkin (each process sends its spans every few seconds) ...");
        final Optional<ZipkinTraces.Trace> trace =
            zipkin.sample("storefront", ORDER_SPAN, 4, Duration.ofSeconds(30));
        summary(seconds, trace);
    }

    /** Waits for Zipkin and the storefront; the first request also loads classes and opens connections. */
    private void awaitReady(final ZipkinTraces zipkin) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean said = false;
        while (!zipkin.healthy())
        {
            if (!said)
            {
                out.println("demo: waiting for Zipkin at " + options.zipkin + " ...");
                said = true;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("Zipkin at " + options.zipkin + " did not answer /health within " +
                    "120 s; see zipkin.log");
            }
            Thread.sleep(250);
        }
        final long first = System.nanoTime();
        String last = "no answer";
        for (int ok = 0; ok < WARM_UP_REQUESTS; )
        {
            // Reads and orders alternate, so every process opens its connections before the load.
            final String failure = send(ok % 2 == 0, ok % 2 == 0 ? "apple" : "kiwi").failure;
            ok = null == failure ? ok + 1 : 0;
            last = null == failure ? last : failure;
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the storefront at " + options.url + " did not answer within 120 s: " +
                    last + "; see storefront.log");
            }
        }
        final long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
        drive(System.nanoTime(), WARM_UP_SECONDS, new LoadStats());
        out.printf("demo: warm-up: %d reads and orders in a row answered after %d ms, then %d s of load (classes " +
            "load, connections open, the JIT compiles; not counted below)%n", WARM_UP_REQUESTS, readyMs, WARM_UP_SECONDS);
    }

    /**
     * Runs the clients until the end of the load: each sends its next request when the previous one
     * is answered, so a slow moment of this shared machine slows the load instead of queueing it.
     */
    private void drive(final long start, final long seconds, final LoadStats into) throws InterruptedException
    {
        final long end = start + TimeUnit.SECONDS.toNanos(seconds);
        final List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < options.clients; c++)
        {
            final Thread client = new Thread(() ->
            {
                final ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end)
                {
                    final boolean read = random.nextInt(10) < 7;
                    final List<String> skus = read ? Catalog.SKUS : Catalog.PLENTIFUL;
                    final long sent = System.nanoTime();
                    final Outcome outcome = send(read, skus.get(random.nextInt(skus.size())));
                    into.record(read, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent), outcome.failure,
                        outcome.inventoryPid);
                }
            }, "demo-client-" + c);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        for (final Thread client : clients)
        {
            client.join();
        }
    }

    private record Outcome(String failure, long inventoryPid)
    {
    }

    /**
     * One request on the calling thread. {@link HttpURLConnection} rather than {@link HttpClient}: it
     * works synchronously on this thread and keeps the connection alive, so the figures show the shop,
     * not hand-offs between the client's own threads.
     */
    private Outcome send(final boolean read, final String sku)
    {
        final String path = read ? "/product/" + sku : "/order?sku=" + sku + "&quantity=1";
        try
        {
            final HttpURLConnection connection = (HttpURLConnection)URI.create(options.url + path).toURL().openConnection();
            connection.setConnectTimeout((int)REQUEST_TIMEOUT.toMillis());
            connection.setReadTimeout((int)REQUEST_TIMEOUT.toMillis());
            connection.setRequestMethod(read ? "GET" : "POST");
            final int status = connection.getResponseCode();
            final String body;
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream())
            {
                body = null == in ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            final String pid = connection.getHeaderField(Storefront.INVENTORY_PID);
            return new Outcome(200 == status ? null : status + " " + body.strip(), null == pid ? 0 : Long.parseLong(pid));
        }
        catch (final IOException ex)
        {
            return new Outcome(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 0);
        }
    }

    private void kill(final long start)
    {
        final String when = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
        try
        {
            final Process kill = new ProcessBuilder("kill", "-9", String.valueOf(options.kill)).inheritIO().start();
            kill.waitFor();
            killedAtNanos = System.nanoTime();
            out.print(tty ? "\n" : "");
            out.println("demo: " + when + ": kill -9 " + options.kill + " (inventory replica) -> exit code " +
                kill.exitValue() + "; the load goes on");
        }
        catch (final IOException | InterruptedException ex)
        {
            out.println("demo: could not kill -9 " + options.kill + ": " + ex);
        }
    }

    private void progress(final long start)
    {
        final LoadStats.Interval interval = stats.interval();
        final Histogram latency = interval.latencyMicros();
        final String line = String.format(Locale.ROOT,
            "demo: %4.0fs %5d req/s  p50 %6.1f ms  p99 %6.1f ms  errors %d (idempotent %d)  inventory %s",
            (System.nanoTime() - start) / 1e9, interval.requests(), millis(latency, 50), millis(latency, 99),
            interval.failed(), interval.readsFailed(), shares(interval.servedByInventoryPid()));
        if (tty)
        {
            out.print("\r" + line + "\033[K");
            out.flush();
        }
        else
        {
            out.println(line);
        }
    }

    private String shares(final Map<Long, Long> served)
    {
        final Map<Long, Long> all = new java.util.TreeMap<>(served);
        options.inventory.forEach(pid -> all.putIfAbsent(pid, 0L));
        final long sum = all.values().stream().mapToLong(Long::longValue).sum();
        final StringBuilder text = new StringBuilder();
        all.forEach((pid, count) -> text.append(text.length() > 0 ? " | " : "").append(pid).append(' ')
            .append(0 == sum ? 0 : Math.round(100.0 * count / sum)).append('%')
            .append(pid == options.kill && 0 != killedAtNanos ? " (killed)" : ""));
        return text.toString();
    }

    private void summary(final double seconds, final Optional<ZipkinTraces.Trace> trace)
    {
        final LoadStats.Interval totals = stats.totals();
        final Histogram latency = totals.latencyMicros();
        out.printf(Locale.ROOT, "demo: %d requests in %.1f s: %d product reads (idempotent), %d orders (not idempotent)%n",
            totals.requests(), seconds, totals.reads(), totals.orders());
        out.printf("demo: failed %d: %d reads, %d orders%n", totals.failed(), totals.readsFailed(), totals.ordersFailed());
        stats.failures().forEach((what, count) -> out.printf("demo:   %d x %s%n", count, abbreviate(what)));
        out.printf(Locale.ROOT, "demo: latency: p50 %.1f ms, p90 %.1f ms, " +
            "p99 %.1f ms, max %.1f ms%n", millis(latency, 50), millis(latency, 90), millis(latency, 99),
            latency.getMaxValue() / 1000.0);
        out.println("demo: inventory replicas (share of all requests): " + shares(totals.servedByInventoryPid()));
        trace.ifPresentOrElse(
            t -> out.printf("demo: sample trace: %d spans from %d services %s, root span: %s: %s%n", t.spans(),
                t.services().size(), t.services(), t.root(), t.url()),
            () -> out.println("demo: no order trace found in Zipkin at " + options.zipkin + " within 30 s; see " +
                "zipkin.log and the agents' logs"));
        if (options.explore)
        {
            out.println("demo: the shop keeps running. Try: curl -s " + options.url + "/product/apple ; " +
                "curl -s -X POST '" + options.url + "/order?sku=pear&quantity=5'");
            out.println("demo: storefront " + options.url + "/  Zipkin " + options.zipkin + "/zipkin/  " +
                "(Ctrl-C stops every process)");
        }
        out.printf("demo: requests=%d ok=%d failed=%d failed_idempotent=%d killed=%d trace_services=%d trace=%s%n",
            totals.requests(), totals.requests() - totals.failed(), totals.failed(), totals.readsFailed(), options.kill,
            trace.map(t -> t.services().size()).orElse(0), trace.map(ZipkinTraces.Trace::url).orElse("none"));
        out.flush();
    }

    private String otherReplicas()
    {
        return options.inventory.stream().filter(pid -> pid != options.kill).map(String::valueOf)
            .reduce((a, b) -> a + ", " + b).orElse("(none)");
    }

    private static double millis(final Histogram histogram, final double percentile)
    {
        return 0 == histogram.getTotalCount() ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String abbreviate(final String text)
    {
        final String line = text.replace('\n', ' ');
        return line.length() <= 240 ? line : line.substring(0, 240) + "...";
    }

    private static java.util.concurrent.ThreadFactory daemon(final String name)
    {
        return runnable ->
        {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The command line, checked once. */
    private record Options(String url, String zipkin, List<Long> inventory, long kill, int durationSeconds, int clients,
        boolean explore)
    {
        static Options parse(final String[] args)
        {
            final Map<String, String> values = new HashMap<>();
            boolean explore = false;
            for (int i = 0; i < args.length; i++)
            {
                if ("--explore".equals(args[i]))
                {
                    explore = true;
                }
                else if (args[i].startsWith("--") && i + 1 < args.length)
                {
                    values.put(args[i].substring(2), args[++i]);
                }
                else
                {
                    throw new IllegalArgumentException("unexpected argument " + args[i] + "; usage: --url <storefront> " +
                        "--zipkin <server> --inventory <pid,pid> --kill <pid> [--duration <s>] [--clients <n>] [--explore]");
                }
            }
            final List<Long> inventory = new ArrayList<>();
            for (final String pid : required(values, "inventory").split(","))
            {
                inventory.add(Long.parseLong(pid.trim()));
            }
            final int duration = Integer.parseInt(values.getOrDefault("duration", "20"));
            final int clients = Integer.parseInt(values.getOrDefault("clients", "4"));
            if (duration < 2 || clients < 1)
            {
                throw new IllegalArgumentException("--duration needs at least 2 seconds and --clients at least 1");
            }
            return new Options(required(values, "url"), required(values, "zipkin"), inventory,
                Long.parseLong(required(values, "kill")), duration, clients, explore);
        }

        private static String required(final Map<String, String> values, final String name)
        {
            final String value = values.get(name);
            if (null == value)
            {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }
    }
}
