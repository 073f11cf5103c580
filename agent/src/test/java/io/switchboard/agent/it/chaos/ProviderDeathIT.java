package io.switchboard.agent.it.chaos;

import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, first slice: no lost call when one of three providers dies under a steady load. Real
 * JVMs: three providers of the catalog in one registry, one consumer calling every 2 ms for 6 s;
 * midway one provider is killed ({@code kill -9}) or stopped ({@code SIGTERM}, graceful shutdown).
 * The consumer prints its counts and latency figures, which the test echoes for the report.
 */
class ProviderDeathIT
{
    private static final String LOAD_MS = "6000";
    private static final String PERIOD_MS = "2";

    @TempDir
    Path workDir;

    private final List<ChildJvm.Running> children = new ArrayList<>();

    @AfterEach
    void killChildren()
    {
        children.forEach(ChildJvm.Running::close);
    }

    @Test
    void killingOneOfThreeProvidersLosesNoIdempotentCall() throws Exception
    {
        final Map<String, String> values = runWhileOneProviderStops("idempotent", Process::destroyForcibly);

        assertThat(values.get("load.failed")).as("failed calls: %s", values.get("load.failures")).isEqualTo("0");
    }

    @Test
    void stoppingOneOfThreeProvidersGracefullyLosesNoCallEvenIfNotIdempotent() throws Exception
    {
        final Map<String, String> values = runWhileOneProviderStops("plain", Process::destroy);

        assertThat(values.get("load.failed")).as("failed calls: %s", values.get("load.failures")).isEqualTo("0");
    }

    private Map<String, String> runWhileOneProviderStops(final String kind, final Consumer<Process> stop)
        throws Exception
    {
        final Path registryDir = Files.createDirectories(workDir.resolve("registry"));
        final List<ChildJvm.Running> providers = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            providers.add(track(E2e.startProviderAsync(workDir, registryDir)));
        }
        for (final ChildJvm.Running provider : providers)
        {
            E2e.awaitServing(provider);
        }
        final ChildJvm.Running consumer = track(ChildJvm.start(workDir, Map.of(), E2e.consumerCommand(
            List.of(E2e.javaagent(E2e.registry(registryDir) + ",timeout.ms=1000")), "load", kind, LOAD_MS, PERIOD_MS)));
        await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(50))
            .until(() -> consumer.out().contains("result load.started=") || !consumer.process.isAlive());
        assertThat(consumer.process.isAlive()).as("the consumer runs its load%s", E2e.output(consumer)).isTrue();

        // Midway through the load, stop the first provider.
        Thread.sleep(2_500);
        final ChildJvm.Running victim = providers.get(0);
        stop.accept(victim.process);
        assertThat(victim.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("the provider exited").isTrue();

        final ChildJvm.Result result = consumer.await();
        final Map<String, String> values = E2e.results(result.out());
        System.out.println("chaos " + kind + ": " + values + "\nvictim stderr:\n" + victim.err());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(values.get("done")).as(result.toString()).isEqualTo("load");
        final long a = Math.min(providers.get(1).process.pid(), providers.get(2).process.pid());
        final long b = Math.max(providers.get(1).process.pid(), providers.get(2).process.pid());
        assertThat(values.get("where.load.pids")).as("all three providers answered before the stop\n%s", result)
            .contains(String.valueOf(victim.process.pid()));
        assertThat(values.get("where.load.pids.lastSecond")).as("the survivors answered the last second\n%s", result)
            .isEqualTo("[" + a + "," + b + "]");
        return values;
    }

    private ChildJvm.Running track(final ChildJvm.Running child)
    {
        children.add(child);
        return child;
    }
}
