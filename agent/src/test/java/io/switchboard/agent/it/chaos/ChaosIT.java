package io.switchboard.agent.it.chaos;

import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.api.NoProviderException;
import io.switchboard.api.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's chaos proofs, with real JVMs: three providers of {@code com.acme.chaos.Ledger} in one
 * registry and a consumer ({@code com.acme.chaos.LoadMain}) calling from {@value #THREADS} threads,
 * each once every {@value #PERIOD_MS} ms, with a {@value #TIMEOUT_MS} ms deadline. After a steady
 * phase the test disrupts the providers, then lets the load run on. Every provider journals the
 * request ids it ran (before replying), so the journals show whether any call ran twice.
 *
 * <p>Each scenario prints one line {@code chaos <scenario>: ...}: calls made, failed, re-sent as far
 * as providers can tell (refusals they answered, which consumers re-send, plus second executions of
 * idempotent calls) and the p99 round trip (HdrHistogram in the consumer) in the steady phase
 * against the disruption. Latencies are printed, never asserted.
 */
class ChaosIT
{
    private static final int THREADS = 4;
    private static final int PERIOD_MS = 10;
    private static final int TIMEOUT_MS = 3000;
    // An @Idempotent call's first attempt waits a third of the deadline (two retries left): a call that
    // waited that long went to a provider that did not answer before going elsewhere.
    private static final String SLOW_MS = String.valueOf(TIMEOUT_MS / 3 - 100);
    private static final String CONSUMER = "timeout.ms=" + TIMEOUT_MS;
    private static final long STEADY_MS = 1500;
    private static final long DISRUPTION_MS = 2500;
    private static final long AFTER_MS = 1000;

    @TempDir
    Path workDir;

    private ChaosCluster cluster;

    @BeforeEach
    void cluster() throws Exception
    {
        cluster = new ChaosCluster(workDir);
    }

    @AfterEach
    void killChildren()
    {
        cluster.close();
    }

    @Test
    void killNineOfOneProviderUnderIdempotentLoadFailsNoCall() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers("", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "idempotent");
        final ChildJvm.Running victim = providers.get(0);

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        ChaosCluster.signal(victim, "KILL");
        ChaosCluster.awaitExit(victim);
        Thread.sleep(DISRUPTION_MS);
        load.phase("after");
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(providers.subList(1, 3));

        summary("kill -9, @Idempotent", results, served, reExecutions());
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(results.get("steady.pids")).as("all three answered before the crash").contains(pid(victim));
        assertThat(results.get("after.pids")).as("the survivors answer after it").isEqualTo(pids(providers.subList(1, 3)));
    }

    @Test
    void killNineOfOneProviderUnderPlainLoadFailsAtMostTheCallsInFlightAndRunsNoCallTwice() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers("", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "plain");
        final ChildJvm.Running victim = providers.get(0);

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        final long killedAtMs = System.currentTimeMillis();
        ChaosCluster.signal(victim, "KILL");
        ChaosCluster.awaitExit(victim);
        Thread.sleep(DISRUPTION_MS);
        load.phase("after");
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(providers.subList(1, 3));

        final List<String> failures = results.failures();
        final long startedBeforeTheKill = failures.stream()
            .filter(line -> Long.parseLong(line.split(" ")[3]) <= killedAtMs).count();
        summary("kill -9, not idempotent", results, served, reExecutions());
        System.out.println("chaos kill -9, not idempotent: failed calls that had started before the kill: " +
            startedBeforeTheKill + " of " + failures.size() + "; failures: " + failures);

        // At most THREADS calls are in flight at any moment: each thread waits for its call.
        assertThat(failures).as("failed calls").hasSizeLessThanOrEqualTo(THREADS);
        for (final String failure : failures)
        {
            final String[] parts = failure.split(" ", 6);
            assertThat(RpcException.class).as(failure).isAssignableFrom(Class.forName(parts[2]));
            assertThat(parts[5]).as("the failure says the call may have run").contains("may have run");
        }
        assertThat(ranTwice()).as("request ids that ran more than once, with the pids that ran them").isEmpty();
        final Map<Long, List<String>> journals = cluster.journals();
        results.successes().forEach((id, pid) ->
            assertThat(journals.get(pid)).as("the provider that answered %s journalled it", id).contains(id));
        for (final String failure : failures)
        {
            final String id = failure.split(" ")[0];
            for (final ChildJvm.Running survivor : providers.subList(1, 3))
            {
                assertThat(journals.getOrDefault(survivor.process.pid(), List.of()))
                    .as("a call that may have run on the killed provider was not re-sent").doesNotContain(id);
            }
        }
    }

    @Test
    void sigtermOfOneProviderUnderPlainLoadFailsNoCall() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers("", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "plain");
        final ChildJvm.Running victim = providers.get(0);

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        ChaosCluster.signal(victim, "TERM");
        ChaosCluster.awaitExit(victim);
        Thread.sleep(DISRUPTION_MS - 1000); // the exit itself took the shutdown grace (1 s)
        load.phase("after");
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(providers.subList(1, 3));
        served.put(victim.process.pid(), ChaosCluster.served(victim));

        summary("SIGTERM, not idempotent", results, served, reExecutions());
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(ranTwice()).as("request ids that ran more than once, with the pids that ran them").isEmpty();
        assertThat(results.get("after.pids")).as("the survivors answer after it").isEqualTo(pids(providers.subList(1, 3)));
    }

    @Test
    void aHungProviderIsRoutedAroundWithinTheDeadlineAndRejoinsWhenContinued() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers("", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "idempotent");
        final ChildJvm.Running victim = providers.get(0);

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        ChaosCluster.signal(victim, "STOP");
        Thread.sleep(DISRUPTION_MS + 1000); // longer than the registry's staleness (2 s)
        load.phase("after");
        ChaosCluster.signal(victim, "CONT");
        // It rejoins: it runs calls made after it was continued.
        await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(100)).until(() ->
            cluster.journals().getOrDefault(victim.process.pid(), List.of()).stream().anyMatch(id -> id.startsWith("after-")));
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(providers);

        final long staleRuns = cluster.journals().get(victim.process.pid()).stream()
            .filter(id -> id.startsWith("disruption-")).count();
        summary("kill -STOP / -CONT, @Idempotent", results, served, reExecutions());
        System.out.println("chaos kill -STOP: calls that waited for the hung provider before going elsewhere: " +
            results.get("disruption.slow") + "; requests it ran after being continued (their consumer had moved on): " +
            staleRuns + "; refused as past their deadline: " + served.get(victim.process.pid()).expired());
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(results.get("after.pids")).as("the continued provider serves again").contains(pid(victim));
    }

    @Test
    void anOverloadedProvidersExcessCallsLandOnTheOthers() throws Exception
    {
        final List<ChildJvm.Running> providers =
            cluster.startLedgers("provider.max.concurrent=1,provider.max.queued=0", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "plain");
        final ChildJvm.Running limited = providers.get(0);

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        ChaosCluster.tell(load.jvm, "work 20"); // each call now takes 20 ms: several overlap at each provider
        Thread.sleep(DISRUPTION_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(providers);

        summary("overload (max.concurrent=1, max.queued=0 on one)", results, served, reExecutions());
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(served.get(limited.process.pid()).overloaded()).as("the limited provider refused calls").isPositive();
        // Whether it still ran some during the disruption is not asserted: OVERLOADED replies count against its
        // circuit breaker, which may open and skip it for switchboard.breaker.open.ms (as documented).
        assertThat(ranTwice()).as("request ids that ran more than once, with the pids that ran them").isEmpty();
    }

    @Test
    void withEveryProviderGoneCallsFailWithNoProviderOrRunLocallyAsConfigured() throws Exception
    {
        final List<ChildJvm.Running> providers = cluster.startLedgers("", "", "");
        final ChaosCluster.Load failing = startLoad(CONSUMER + ",fallback=fail", "idempotent");
        final ChaosCluster.Load local = startLoad(CONSUMER + ",fallback=local", "idempotent");

        Thread.sleep(STEADY_MS);
        failing.phase("disruption");
        local.phase("disruption");
        for (final ChildJvm.Running provider : providers)
        {
            ChaosCluster.signal(provider, "KILL");
        }
        for (final ChildJvm.Running provider : providers)
        {
            ChaosCluster.awaitExit(provider);
        }
        failing.awaitOutput("seen disruption NoProviderException");
        local.awaitOutput("seen disruption local");
        failing.phase("after");
        local.phase("after");
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results failed = failing.stop();
        final ChaosCluster.Results fellBack = local.stop();

        summary("all providers gone, fallback=fail", failed, Map.of(), reExecutions());
        summary("all providers gone, fallback=local", fellBack, Map.of(), reExecutions());
        assertThat(failed.count("after.calls")).isPositive();
        assertThat(failed.count("after.failed")).as("every call fails once no provider is left")
            .isEqualTo(failed.count("after.calls"));
        for (final String failure : failed.failures())
        {
            final Class<?> type = Class.forName(failure.split(" ")[2]);
            assertThat(RpcException.class).as(failure).isAssignableFrom(type);
            if (failure.startsWith("after-"))
            {
                assertThat(type).as(failure).isEqualTo(NoProviderException.class);
            }
        }
        assertThat(failed.count("after.max.us")).as("decided within the deadline").isLessThan(TIMEOUT_MS * 1000L);
        assertThat(fellBack.count("after.local")).as("every call runs locally: %s", fellBack.failures())
            .isEqualTo(fellBack.count("after.calls")).isPositive();
        assertThat(fellBack.count("after.max.us")).as("decided within the deadline").isLessThan(TIMEOUT_MS * 1000L);
    }

    @Test
    void aRollingRestartOfEveryProviderUnderPlainLoadFailsNoCall() throws Exception
    {
        final List<ChildJvm.Running> old = cluster.startLedgers("", "", "");
        final ChaosCluster.Load load = startLoad(CONSUMER, "plain");

        Thread.sleep(STEADY_MS);
        load.phase("disruption");
        final List<ChildJvm.Running> replacements = new ArrayList<>();
        for (int i = 0; i < old.size(); i++)
        {
            // As a deployment would: stop an old provider only once its replacement takes calls.
            final ChildJvm.Running replacement = cluster.startLedgers("").get(0);
            replacements.add(replacement);
            await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(100)).until(() ->
                !cluster.journals().getOrDefault(replacement.process.pid(), List.of()).isEmpty());
            if (1 == i)
            {
                ChaosCluster.tell(old.get(i), "exit"); // System.exit(0) in the application
            }
            else
            {
                ChaosCluster.signal(old.get(i), "TERM");
            }
            ChaosCluster.awaitExit(old.get(i));
        }
        load.phase("after");
        Thread.sleep(AFTER_MS);
        final ChaosCluster.Results results = load.stop();
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(replacements);
        for (final ChildJvm.Running provider : old)
        {
            served.put(provider.process.pid(), ChaosCluster.served(provider));
        }

        summary("rolling restart (SIGTERM, System.exit, SIGTERM), not idempotent", results, served, reExecutions());
        assertThat(results.count("load.failed")).as("failed calls: %s", results.failures()).isZero();
        assertThat(ranTwice()).as("request ids that ran more than once, with the pids that ran them").isEmpty();
        assertThat(results.get("after.pids")).as("the replacements serve").isEqualTo(pids(replacements));
        assertThat(old.get(1).out()).as("the second provider left by System.exit").contains("provider: System.exit(0)");
    }

    private ChaosCluster.Load startLoad(final String agentArgs, final String kind) throws Exception
    {
        return cluster.startLoad(agentArgs, kind, String.valueOf(THREADS), String.valueOf(PERIOD_MS), "0", SLOW_MS);
    }

    /** @return each request id that ran more than once, with the pids of the journals that hold it. */
    private Map<String, List<Long>> ranTwice() throws Exception
    {
        final Map<String, List<Long>> runs = new TreeMap<>();
        cluster.journals().forEach((pid, ids) -> ids.forEach(id -> runs.computeIfAbsent(id, k -> new ArrayList<>()).add(pid)));
        runs.values().removeIf(pids -> pids.size() < 2);
        return runs;
    }

    /** @return how many journalled executions repeated a request id that had already run. */
    private long reExecutions() throws Exception
    {
        return ranTwice().values().stream().mapToLong(pids -> pids.size() - 1).sum();
    }

    private static String pid(final ChildJvm.Running jvm)
    {
        return String.valueOf(jvm.process.pid());
    }

    private static String pids(final List<ChildJvm.Running> jvms)
    {
        final Set<Long> pids = new TreeSet<>();
        jvms.forEach(jvm -> pids.add(jvm.process.pid()));
        return pids.toString().replace(" ", "");
    }

    private static void summary(
        final String scenario,
        final ChaosCluster.Results results,
        final Map<Long, ChaosCluster.Served> served,
        final long reExecutions)
    {
        final long refused = served.values().stream().mapToLong(ChaosCluster.Served::refused).sum();
        final String disruption = results.values().containsKey("disruption.p99.us") ? "disruption" : "steady";
        System.out.println("chaos " + scenario + ": calls=" + results.get("load.calls") + " failed=" +
            results.get("load.failed") + " re-sent>=" + (refused + reExecutions) + " (refused by providers " + refused +
            ", ran twice " + reExecutions + ", waited out a silent provider " + slow(results) + ")" +
            " p99 steady=" + ms(results.get("steady.p99.us")) + " disruption=" + ms(results.get(disruption + ".p99.us")) +
            " after=" + ms(results.get("after.p99.us")) + " max=" + ms(results.get(disruption + ".max.us")) +
            " served=" + served.values().stream().map(Object::toString).collect(Collectors.joining(", ")));
    }

    private static long slow(final ChaosCluster.Results results)
    {
        return results.count("steady.slow") + results.count("disruption.slow") + results.count("after.slow");
    }

    private static String ms(final String micros)
    {
        return null == micros ? "-" : String.format("%.1fms", Long.parseLong(micros) / 1000.0);
    }
}
