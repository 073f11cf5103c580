package com.acme.e2e;

import io.switchboard.api.RemoteFailureException;
import io.switchboard.api.RpcException;
import io.switchboard.api.Switchboard;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consumer process: constructs {@code new CatalogImpl()} as a monolith would and runs one named
 * scenario, printing {@code result <name>=<value>} lines. Names starting with {@code where.} depend on
 * which process ran a call (pids, thread names); all other values are functional and must be the
 * same with and without the agent.
 */
public final class CatalogConsumerMain
{
    private static final long SELF = ProcessHandle.current().pid();

    private CatalogConsumerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String scenario = args[0];
        result("where.self", SELF);
        switch (scenario)
        {
            case "shapes" -> shapes(new CatalogImpl());
            case "exceptions" -> exceptions(new CatalogImpl(), Long.parseLong(args[1]));
            case "concurrent" -> concurrent(new CatalogImpl(), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "async-concurrent" -> asyncConcurrent(new CatalogImpl(), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "pids" -> pids(new CatalogImpl(), Integer.parseInt(args[1]));
            case "await-provider" -> awaitProvider(new CatalogImpl());
            case "none" -> none(new CatalogImpl());
            case "lookup" -> lookup();
            case "attach" -> attach(new CatalogImpl());
            case "libs" -> libs(new CatalogImpl());
            case "ranking" -> ranking(new RankingImpl());
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        result("done", scenario);
        System.out.flush();
    }

    static void result(final String name, final Object value)
    {
        System.out.println("result " + name + "=" + String.valueOf(value).replace("\n", "\\n"));
        System.out.flush();
    }

    /** Runs one call; a failure becomes {@code ERROR <type>: <message>} so one bug does not hide the others. */
    static void check(final String name, final Callable<Object> call)
    {
        try
        {
            result(name, call.call());
        }
        catch (final Throwable ex)
        {
            System.err.println("e2e: " + name + " failed");
            ex.printStackTrace();
            result(name, "ERROR " + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }

    static void shapes(final Catalog catalog)
    {
        check("where.pid", catalog::pid);

        // A generic super-interface: the call goes through the bridge find(Object).
        check("find", () ->
        {
            final int before = catalog.findExecutions();
            final Repository<String, Item> repository = catalog;
            final Item item = repository.find("sku-1");
            return item.sku() + " executions=" + (catalog.findExecutions() - before);
        });
        check("find.direct", () ->
        {
            final int before = catalog.findExecutions();
            final Item item = ((CatalogImpl)catalog).find("sku-2");
            return item.sku() + " executions=" + (catalog.findExecutions() - before);
        });
        check("where.describe", () -> catalog.describe("bob"));

        check("echo.string", () -> catalog.echo("a"));
        check("echo.times", () -> catalog.echo("ab", 2));
        check("echo.int", () -> catalog.echo(7));

        check("prim.int", () -> catalog.addInt(2, 3));
        check("prim.long", () -> catalog.addLong(Long.MAX_VALUE - 1, 1));
        check("prim.double", () -> catalog.scale(1.5, 2f));
        check("prim.boolean", () -> catalog.not(true));
        check("prim.char", () -> catalog.upper('q'));
        check("prim.byte", () -> catalog.negate((byte)5));
        check("prim.short", () -> catalog.twice((short)300));
        check("box.integer", () -> catalog.increment(41));
        check("box.integer.null", () -> String.valueOf(catalog.increment(null)));
        check("box.long.null", () -> catalog.boxedLong(null));
        check("box.long", () -> catalog.boxedLong(4L));

        check("array.int", () -> Arrays.toString(catalog.reverse(new int[] {1, 2, 3})));
        check("array.string", () -> Arrays.toString(catalog.shout(new String[] {"a", null, "c"})));
        check("varargs.empty", () -> catalog.sum());
        check("varargs.three", () -> catalog.sum(1, 2, 3));
        check("varargs.join", () -> catalog.join("-", "x", "y", "z"));
        check("varargs.join.empty", () -> "[" + catalog.join("-") + "]");

        check("generic.method", () -> catalog.twice(List.of("a", 1)));
        check("generic.group", () -> new java.util.TreeMap<>(catalog.group(List.of(1, 2, 3, 4, 5))));

        check("void.sideEffect", () ->
        {
            catalog.put("k", "v1");
            return catalog.get("k");
        });
        check("null.result", () -> String.valueOf(catalog.get("missing")));
        check("null.argument", () -> String.valueOf(catalog.nullable(null)));
        check("null.argument.not", () -> catalog.nullable("x"));

        check("record", () -> catalog.item("sku-9"));
        check("enum", () -> catalog.next(Color.BLUE));
        check("collection.set", () -> new TreeSet<>(catalog.distinct(List.of("b", "a", "b"))));
        check("optional.present", () -> catalog.maybe("x"));
        check("optional.empty", () -> catalog.nothing());
        check("time.instant", () -> catalog.plus(Instant.ofEpochSecond(0), Duration.ofHours(1)));
        check("time.localdate", () -> catalog.nextDay(LocalDate.of(2024, 2, 28)));
        check("bigdecimal", () -> catalog.multiply(new BigDecimal("1.10"), new BigDecimal("3")));

        // The default method runs here; the abstract echo it calls goes wherever echo goes.
        check("default.local", () -> catalog.greet("ann").equals("hello echo:ann from " + SELF));
        check("where.default.value", () -> catalog.greet("ann"));

        check("object.toString.local", () -> catalog.toString().equals("CatalogImpl in " + SELF));
        check("object.equals", () -> catalog.equals(catalog) + " " + catalog.equals(new CatalogImpl()));
        check("object.hashCode.local", () -> catalog.hashCode() == System.identityHashCode(catalog));

        check("future.later", () ->
        {
            final AtomicReference<String> thread = new AtomicReference<>();
            final String value = catalog.later("x", 300)
                .thenApply(v ->
                {
                    thread.set(Thread.currentThread().getName());
                    return v;
                })
                .get(30, TimeUnit.SECONDS);
            result("where.future.later.thread", thread.get());
            result("where.future.later.pid", value.substring(value.indexOf('@') + 1));
            return value.substring(0, value.indexOf('@'));
        });
        check("future.stage", () ->
        {
            final AtomicReference<String> thread = new AtomicReference<>();
            final Integer value = catalog.lengthLater("abcd", 200)
                .thenApply(v ->
                {
                    thread.set(Thread.currentThread().getName());
                    return v;
                })
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
            result("where.future.stage.thread", thread.get());
            return value;
        });
        check("future.now", () -> catalog.now("y").get(30, TimeUnit.SECONDS));

        check("big.string", () ->
        {
            final StringBuilder builder = new StringBuilder(1024 * 1024);
            for (int i = 0; i < 1024 * 1024; i++)
            {
                builder.append((char)('a' + (i * 31 + i / 7) % 26));
            }
            final String big = builder.toString();
            return catalog.length(big) + " hashMatches=" + (catalog.hash(big) == big.hashCode());
        });
        check("where.pid.after", catalog::pid);
    }

    static void exceptions(final Catalog catalog, final long slowMillis)
    {
        check("where.pid", catalog::pid);
        check("checked", () ->
        {
            try
            {
                catalog.reject("no", 42);
                return "no exception";
            }
            catch (final CatalogException ex)
            {
                result("where.checked.message", ex.getMessage());
                result("where.checked.remoteFrame", stackTrace(ex).contains("<remote:"));
                System.err.println("e2e: checked exception as the consumer sees it:");
                ex.printStackTrace();
                return ex.getClass().getName() + " code=" + ex.code();
            }
        });
        check("checked.quota", () ->
        {
            try
            {
                catalog.overQuota(5);
                return "no exception";
            }
            catch (final QuotaException ex)
            {
                result("where.checked.quota.message", ex.getMessage());
                result("where.checked.quota.remoteFrame", stackTrace(ex).contains("<remote:"));
                return ex.getClass().getName() + " limit=" + ex.limit();
            }
        });
        check("runtime.jdk", () ->
        {
            try
            {
                return "no exception " + catalog.positive(-1);
            }
            catch (final RuntimeException ex)
            {
                result("where.runtime.jdk.remoteFrame", stackTrace(ex).contains("<remote:"));
                return ex.getClass().getName() + ": " + ex.getMessage();
            }
        });
        check("where.runtime.custom", () ->
        {
            try
            {
                catalog.oops("boom");
                return "no exception";
            }
            catch (final RemoteFailureException ex)
            {
                result("where.runtime.custom.remoteClass", ex.remoteClassName());
                result("where.runtime.custom.message", ex.getMessage());
                return "remote failure";
            }
            catch (final OopsException ex)
            {
                return "local " + ex.getClass().getName() + ": " + ex.getMessage();
            }
        });
        if (slowMillis > 0)
        {
            check("where.timeout", () ->
            {
                try
                {
                    return "no exception: " + catalog.slow(slowMillis);
                }
                catch (final RuntimeException ex)
                {
                    return ex.getClass().getName() + ": " + ex.getMessage();
                }
            });
            check("where.afterTimeout", catalog::pid);
        }
    }

    private static String stackTrace(final Throwable ex)
    {
        final StringWriter text = new StringWriter();
        ex.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /**
     * Asynchronous calls from several threads, each sending all of its calls before waiting (more in flight than
     * the agent pools call states and the transport has pending slots for), then chains where each completed
     * future's callback sends the next call (a pooled call state is reused by the callback of its own future).
     */
    static void asyncConcurrent(final Catalog catalog, final int threads, final int callsPerThread) throws Exception
    {
        check("where.pid", catalog::pid);
        final String pid = String.valueOf(catalog.pid());
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger wrong = new AtomicInteger();
        final AtomicReference<String> firstProblem = new AtomicReference<>("none");
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            final Thread worker = new Thread(() ->
            {
                final List<java.util.concurrent.CompletableFuture<String>> futures = new ArrayList<>();
                for (int seq = 0; seq < callsPerThread; seq++)
                {
                    futures.add(catalog.later("t" + id + ":" + seq, seq % 3));
                }
                for (int seq = 0; seq < callsPerThread; seq++)
                {
                    final String expected = "later:t" + id + ":" + seq + "@" + pid;
                    String got;
                    try
                    {
                        got = futures.get(seq).get(60, TimeUnit.SECONDS);
                    }
                    catch (final Exception ex)
                    {
                        got = "threw " + ex;
                    }
                    if (expected.equals(got))
                    {
                        ok.incrementAndGet();
                    }
                    else
                    {
                        wrong.incrementAndGet();
                        firstProblem.compareAndSet("none", "expected " + expected + " got " + got);
                    }
                }
            }, "async-caller-" + t);
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(120));
        }
        result("async.ok", ok.get());
        result("async.wrong", wrong.get());
        result("async.firstProblem", firstProblem.get());
        check("async.chain", () -> chain(catalog, 0, 50).get(60, TimeUnit.SECONDS));
    }

    // Each link is sent from the callback of the previous link's future.
    private static java.util.concurrent.CompletableFuture<String> chain(final Catalog catalog, final int link, final int links)
    {
        return catalog.now("link" + link).thenCompose(value -> link + 1 == links ?
            java.util.concurrent.CompletableFuture.completedFuture(value) : chain(catalog, link + 1, links));
    }

    static void concurrent(final Catalog catalog, final int threads, final int callsPerThread) throws Exception
    {
        check("where.pid", catalog::pid);
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger mismatches = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicReference<String> firstProblem = new AtomicReference<>("none");
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            final Thread worker = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                for (int seq = 0; seq < callsPerThread; seq++)
                {
                    final String sent = "t" + id + ":" + seq;
                    try
                    {
                        final String reply = catalog.echo(sent);
                        if (("echo:" + sent).equals(reply))
                        {
                            ok.incrementAndGet();
                        }
                        else
                        {
                            mismatches.incrementAndGet();
                            firstProblem.compareAndSet("none", "sent " + sent + " got " + reply);
                        }
                    }
                    catch (final Throwable ex)
                    {
                        errors.incrementAndGet();
                        if (firstProblem.compareAndSet("none", "sent " + sent + " threw " + ex))
                        {
                            ex.printStackTrace();
                        }
                    }
                }
            }, "e2e-caller-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.MINUTES.toMillis(2));
        }
        result("concurrent.ok", ok.get());
        result("concurrent.mismatches", mismatches.get());
        result("concurrent.errors", errors.get());
        result("concurrent.firstProblem", firstProblem.get());
    }

    static void pids(final Catalog catalog, final int calls)
    {
        final Set<Long> pids = new TreeSet<>();
        int errors = 0;
        String firstError = "none";
        for (int i = 0; i < calls; i++)
        {
            try
            {
                pids.add(catalog.pid());
            }
            catch (final RuntimeException ex)
            {
                if (errors++ == 0)
                {
                    firstError = ex.toString();
                    ex.printStackTrace();
                }
            }
        }
        result("where.pids", pids.toString().replace(" ", ""));
        result("pids.errors", errors);
        result("pids.firstError", firstError);
    }

    static void awaitProvider(final Catalog catalog) throws InterruptedException
    {
        result("waiting", "started");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int failures = 0;
        String firstFailure = "none";
        while (System.nanoTime() < deadline)
        {
            try
            {
                final long pid = catalog.pid();
                result("where.awaited.pid", pid);
                result("awaited.echo", catalog.echo("late"));
                break;
            }
            catch (final RpcException ex)
            {
                if (failures++ == 0)
                {
                    firstFailure = ex.getClass().getName();
                    result("awaited.firstFailure", firstFailure);
                }
                Thread.sleep(200); // the application's own retry back-off
            }
        }
        result("awaited.failures", failures);
    }

    static void none(final Catalog catalog)
    {
        final long start = System.nanoTime();
        check("where.none", () ->
        {
            try
            {
                return "no exception: pid " + catalog.pid();
            }
            catch (final RuntimeException ex)
            {
                return ex.getClass().getName() + ": " + ex.getMessage();
            }
            finally
            {
                result("none.elapsedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        });
        check("where.none.echo", () ->
        {
            try
            {
                return catalog.echo("fallback");
            }
            catch (final RuntimeException ex)
            {
                return ex.getClass().getName();
            }
        });
    }

    static void lookup()
    {
        final Catalog catalog;
        try
        {
            catalog = Switchboard.lookup(Catalog.class);
        }
        catch (final RuntimeException ex)
        {
            result("lookup.error", ex.getClass().getName() + ": " + ex.getMessage());
            return;
        }
        check("where.pid", catalog::pid);
        check("lookup.echo", () -> catalog.echo("via proxy"));
        check("lookup.echo.overload", () -> catalog.echo("ab", 2));
        check("lookup.record", () -> catalog.item("sku-3"));
        check("lookup.checked", () ->
        {
            try
            {
                catalog.reject("proxy", 7);
                return "no exception";
            }
            catch (final CatalogException ex)
            {
                return ex.getClass().getName() + " code=" + ex.code();
            }
        });
        check("lookup.default.local", () -> catalog.greet("ann").equals("hello echo:ann from " + SELF));
        check("lookup.equals", () -> catalog.equals(catalog));
        check("lookup.hashCode.stable", () -> catalog.hashCode() == catalog.hashCode());
        check("lookup.toString", catalog::toString);
        check("lookup.same.class", () -> Switchboard.lookup(Catalog.class).getClass() == catalog.getClass());
    }

    static void ranking(final Ranking ranking)
    {
        check("where.pid", ranking::pid);
        check("ranking.max.int", () -> ranking.max(List.of(3, 9, 4)));
        check("ranking.max.string", () -> ranking.max(List.of("apple", "pear", "fig")));
    }

    static void attach(final Catalog catalog) throws Exception
    {
        check("where.before.pid", catalog::pid);
        result("waiting", "for attach");
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        result("attach.line", in.readLine());
        check("where.after.pid", catalog::pid);
        check("attach.echo", () -> catalog.echo("attached"));
        // A fresh instance of the class loaded before the agent came.
        check("where.after.fresh.pid", () -> new CatalogImpl().pid());
    }

    static void libs(final Catalog catalog)
    {
        check("libs.bytebuddy.jar", () -> jarOf("net.bytebuddy.ByteBuddy"));
        check("libs.agrona.jar", () -> jarOf("org.agrona.collections.Int2IntHashMap"));
        check("libs.bytebuddy.works", () -> new net.bytebuddy.ByteBuddy(net.bytebuddy.ClassFileVersion.JAVA_V11)
            .subclass(Object.class)
            .name("com.acme.e2e.Generated")
            .make()
            .load(CatalogConsumerMain.class.getClassLoader())
            .getLoaded()
            .getName());
        check("libs.agrona.works", () ->
        {
            final org.agrona.collections.Int2IntHashMap map = new org.agrona.collections.Int2IntHashMap(-1);
            map.put(1, 11);
            return map.get(1);
        });
        check("where.pid", catalog::pid);
        check("libs.echo", () -> catalog.echo("libs"));
    }

    private static String jarOf(final String className) throws Exception
    {
        final Class<?> type = Class.forName(className);
        final String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
