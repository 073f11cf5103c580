package io.switchboard.agent.it.balance;

import com.acme.e2e.BalanceConsumerMain;
import com.acme.e2e.RankingFallback;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.agent.metrics.CallMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, consumer side, with real JVMs: three providers of the catalog (shared by the tests), and
 * one consumer per strategy. Shows how calls spread (p2c, round_robin), that consistent_hash keeps a
 * key on one provider, that a fallback class answers for a service nobody provides, and that the
 * {@code services} command shows a running consumer's outcome counters. The figures are printed
 * for the issue's closing note.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadBalancingIT
{
    private static final int CALLS = 300;
    private static final String CATALOG = "com.acme.e2e.Catalog";
    private static final String RANKING = "com.acme.e2e.Ranking";

    private Path workDir;
    private Path registryDir;
    private final List<ChildJvm.Running> providers = new ArrayList<>();
    private final List<ChildJvm.Running> children = new ArrayList<>();

    @BeforeAll
    void startThreeProviders() throws IOException
    {
        workDir = Files.createTempDirectory("balance-it");
        registryDir = Files.createDirectories(workDir.resolve("registry"));
        for (int i = 0; i < 3; i++)
        {
            providers.add(track(E2e.startProviderAsync(workDir, registryDir)));
        }
        for (final ChildJvm.Running provider : providers)
        {
            E2e.awaitServing(provider);
        }
    }

    @AfterAll
    void killChildren()
    {
        children.forEach(ChildJvm.Running::close);
    }

    @Test
    void p2cSpreadsCallsOverThreeProvidersAFallbackClassAnswersAndTheServicesCommandAndMetricsCountBoth() throws Exception
    {
        final ChildJvm.Running consumer = track(ChildJvm.start(workDir, Map.of(), consumer(
            "warmup.ms=0,service.com.acme.e2e.Ranking.fallback=" + RankingFallback.class.getName() +
                ",otel.metrics.exporter=logging,otel.metric.export.interval=500",
            "spread", String.valueOf(CALLS), "fallback", "hold")));
        await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(100))
            .until(() -> consumer.out().contains("result hold=ready") || !consumer.process.isAlive());
        assertThat(consumer.process.isAlive()).as("the consumer ran its calls%s", E2e.output(consumer)).isTrue();

        final ChildJvm.Result services = ChildJvm.run(workDir, Map.of(), List.of(
            "-jar", ChildJvm.agentJar().toString(), "services", "--registry-dir", registryDir.toString()));
        System.out.println("services while the p2c consumer runs:\n" + services.out());

        // The logging exporter prints a collection every 500 ms while the consumer holds: wait for one taken
        // after the last call (the final flush at exit races the JVM's own logging shutdown).
        final Pattern exported = Pattern.compile("name=" + CallMetrics.NAME + ".*rpc.service=\"" + CATALOG +
            "\".*switchboard.outcome=\"ok\".*value=" + CALLS);
        await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(100))
            .until(() -> exported.matcher(consumer.err()).find() || !consumer.process.isAlive());

        consumer.process.getOutputStream().close();
        final ChildJvm.Result result = consumer.await();
        final Map<String, String> values = E2e.results(result.out());
        assertThat(values.get("done")).as(result.toString()).isEqualTo("balance");

        final Map<Long, Integer> spread = spread(values.get("spread"));
        System.out.println("p2c spread of " + CALLS + " calls over 3 providers (pid:calls): " + spread);
        assertThat(spread).as("every provider served a fair share").containsOnlyKeys(providerPids())
            .allSatisfy((pid, calls) -> assertThat(calls).isGreaterThanOrEqualTo(CALLS / 6));

        assertThat(values.get("fallback.pid")).as("the fallback's answer reached the caller")
            .isEqualTo(String.valueOf(RankingFallback.NO_PID));
        assertThat(values.get("fallback.max")).isEqualTo("3");
        assertThat(result.err()).contains("switchboard: no provider of " + RANKING + " could serve",
            "answered by the fallback (" + RankingFallback.class.getName() + ")");

        // The logging exporter prints a collection every 500 ms while the consumer holds: the same counts.
        assertThat(result.err()).containsPattern("name=" + CallMetrics.NAME + ".*rpc.service=\"" + CATALOG +
            "\".*switchboard.outcome=\"ok\".*value=" + CALLS);

        assertThat(services.exitCode()).as(services.toString()).isZero();
        final long pid = consumer.process.pid();
        assertThat(outcomeRow(services.out(), pid, CATALOG)).as(services.out())
            .containsExactly((long)CALLS, 0L, 0L, 0L, 0L, 0L, 0L);
        assertThat(outcomeRow(services.out(), pid, RANKING)).as("two fallbacks\n" + services.out())
            .containsExactly(0L, 0L, 0L, 0L, 0L, 2L, 0L);
    }

    @Test
    void roundRobinGivesEachOfThreeProvidersAThird() throws Exception
    {
        final Map<String, String> values = runConsumer("loadbalance=round_robin", "spread", String.valueOf(CALLS));

        final Map<Long, Integer> spread = spread(values.get("spread"));
        System.out.println("round_robin spread of " + CALLS + " calls over 3 providers (pid:calls): " + spread);
        assertThat(spread).containsOnlyKeys(providerPids())
            .allSatisfy((pid, calls) -> assertThat(calls).isBetween(CALLS / 3 - 5, CALLS / 3 + 5));
    }

    @Test
    void consistentHashSendsEqualFirstArgumentsToOneProvider() throws Exception
    {
        final Map<String, String> values = runConsumer("loadbalance=consistent_hash", "sticky", "30");

        System.out.println("consistent_hash: 30 keys x 3 calls, providers used: " + values.get("sticky.pids"));
        assertThat(values.get("sticky.split")).as("keys answered by more than one provider").isEqualTo("[]");
        assertThat(values.get("sticky.pids").split(",")).as("the keys spread over the providers").hasSizeGreaterThan(1);
    }

    @Test
    void circuitsOpenAfterRepeatedTimeoutsRejectAtOnceThenProbeAndClose() throws Exception
    {
        final ChildJvm.Result result = ChildJvm.run(workDir, Map.of(), consumer("warmup.ms=0,loadbalance=round_robin," +
            "timeout.ms=1000,breaker.consecutive.failures=2,breaker.open.ms=4000,breaker.half.open.calls=1", "breaker"));
        final Map<String, String> values = E2e.results(result.out());
        assertThat(values.get("done")).as(result.toString()).isEqualTo("balance");
        final List<String> transitions = result.err().lines().filter(line -> line.contains("switchboard: circuit of")).toList();
        System.out.println("breaker: " + values + "\ntransitions:\n" + String.join("\n", transitions));

        assertThat(values.get("breaker.timedOut")).isEqualTo("6");
        assertThat(values.get("breaker.rejected")).as("every circuit open: refused at once")
            .contains("no provider of " + CATALOG + " (version \"\") can take", "the circuit of each of its 3 provider(s) is open");
        assertThat(values.get("breaker.recovered.ms")).isNotEqualTo("never");
        assertThat(values.get("breaker.pids.after")).as("all three back in rotation")
            .isEqualTo(new TreeSet<>(List.of(providerPids())).toString());
        for (final long pid : providerPids())
        {
            assertThat(transitions).as("provider %d went OPEN, HALF_OPEN, CLOSED", pid)
                .anyMatch(line -> line.contains("pid " + pid + "@") && line.contains(" is OPEN: 2 failures in a row (last: TIMEOUT)"))
                .anyMatch(line -> line.contains("pid " + pid + "@") && line.contains(" is HALF_OPEN: "))
                .anyMatch(line -> line.contains("pid " + pid + "@") && line.contains(" is CLOSED: 1 probe call(s) succeeded"));
        }
    }

    @Test
    void aFallbackClassThatDoesNotImplementTheInterfaceStopsStartupSayingSo() throws Exception
    {
        final ChildJvm.Result result = ChildJvm.run(workDir, Map.of(), consumer(
            "service.com.acme.e2e.Ranking.fallback=com.acme.e2e.CatalogImpl", "spread", "1"));

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.err()).contains("switchboard.service.com.acme.e2e.Ranking.fallback=com.acme.e2e.CatalogImpl: " +
            "the class does not implement com.acme.e2e.Ranking");
        assertThat(result.out()).doesNotContain("result spread=");
    }

    private Map<String, String> runConsumer(final String agentArgs, final String... steps) throws Exception
    {
        final ChildJvm.Result result = ChildJvm.run(workDir, Map.of(), consumer("warmup.ms=0," + agentArgs, steps));
        final Map<String, String> values = E2e.results(result.out());
        assertThat(values.get("done")).as(result.toString()).isEqualTo("balance");
        return values;
    }

    private List<String> consumer(final String agentArgs, final String... steps)
    {
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT + "," + agentArgs));
        command.addAll(List.of("-cp", E2e.appClassPath(), BalanceConsumerMain.class.getName()));
        command.addAll(List.of(steps));
        return command;
    }

    private Long[] providerPids()
    {
        return providers.stream().map(p -> p.process.pid()).toArray(Long[]::new);
    }

    private static Map<Long, Integer> spread(final String text)
    {
        final Map<Long, Integer> spread = new TreeMap<>();
        for (final String pair : text.split(","))
        {
            final int colon = pair.indexOf(':');
            spread.put(Long.parseLong(pair.substring(0, colon)), Integer.parseInt(pair.substring(colon + 1)));
        }
        return spread;
    }

    /** The counts of one consumer and service in the services table: ok ... failed. */
    private static List<Long> outcomeRow(final String table, final long pid, final String service)
    {
        for (final String line : table.split("\n"))
        {
            final String[] cells = line.trim().split("\\s+");
            if (cells.length == 9 && cells[0].equals(String.valueOf(pid)) && cells[1].equals(service))
            {
                final List<Long> counts = new ArrayList<>();
                for (int i = 2; i < cells.length; i++)
                {
                    counts.add(Long.parseLong(cells[i]));
                }
                return counts;
            }
        }
        throw new AssertionError("no row for consumer " + pid + " and " + service + " in:\n" + table);
    }

    private ChildJvm.Running track(final ChildJvm.Running child)
    {
        children.add(child);
        return child;
    }
}
