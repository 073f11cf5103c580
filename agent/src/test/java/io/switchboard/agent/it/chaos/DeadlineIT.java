package io.switchboard.agent.it.chaos;

import com.acme.chaos.DeadlineMain;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, item 3, with real JVMs: a consumer calls a relay (2 s deadline) whose method calls a
 * ledger (the relay's own timeout is 20 s). The remaining time travels with each request; the
 * nested call inherits what its caller has left; a provider does not start a call whose deadline
 * has passed, answers that it did not run, and counts it.
 */
class DeadlineIT
{
    @TempDir
    Path workDir;

    private ChaosCluster cluster;

    @AfterEach
    void killChildren()
    {
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Test
    void aNestedCallInheritsWhatRemainsOfItsCallersDeadlineAndExpiredWorkDoesNotStart() throws Exception
    {
        cluster = new ChaosCluster(workDir);
        final ChildJvm.Running ledger = cluster.startProvider(ChaosCluster.LEDGER, "ledger",
            "provider.max.concurrent=1,provider.max.queued=4");
        final ChildJvm.Running relay = cluster.startProvider(ChaosCluster.RELAY, "relay", "timeout.ms=20000");
        E2e.awaitServing(ledger, ChaosCluster.LEDGER);
        E2e.awaitServing(relay, ChaosCluster.RELAY);

        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add("-Dchaos.journal=" + cluster.journalDir);
        command.add(E2e.javaagent(E2e.registry(cluster.registryDir) + ",timeout.ms=20000"));
        command.addAll(List.of("-cp", E2e.appClassPath(), DeadlineMain.class.getName()));
        final ChildJvm.Result consumer = ChildJvm.run(workDir, Map.of(), command);
        final Map<String, String> results = E2e.results(consumer.out());
        final Map<Long, ChaosCluster.Served> served = ChaosCluster.stopGracefully(List.of(ledger, relay));
        final List<String> ran = cluster.journals().getOrDefault(ledger.process.pid(), List.of());
        final String relayed = relay.out();
        System.out.println("deadlines: consumer " + results + "\nrelay:\n" + relayed + "ledger: " +
            served.get(ledger.process.pid()) + "; ran " + ran);

        assertThat(results.get("done")).as(consumer.toString()).isEqualTo("deadlines");
        assertThat(results.get("late")).as("the consumer gave up after its 2 s")
            .startsWith("io.switchboard.api.RpcTimeoutException");
        assertThat(line(relayed, "late-1")).as("the relay did not send a nested call its caller no longer waits for")
            .contains("RpcTimeoutException: did not send");
        assertThat(ran).as("so the ledger never ran it").doesNotContain("late-1");

        assertThat(line(relayed, "queued-1")).as("the nested call gave up with its caller's deadline, not its own 20 s")
            .contains("RpcTimeoutException");
        assertThat(ran).as("the ledger did not start the call whose deadline passed in its queue")
            .doesNotContain("queued-1");
        assertThat(served.get(ledger.process.pid()).expired()).as("and counted it").isPositive();

        assertThat(line(relayed, "short-1"))
            .as("a nested call of 5 s gave up when its caller's 2 s ran out, long before its own 20 s")
            .contains("RpcTimeoutException");
    }

    private static String line(final String output, final String id)
    {
        return output.lines().filter(l -> l.startsWith("relay " + id + " ")).findFirst()
            .orElseThrow(() -> new AssertionError("the relay printed nothing for " + id + ":\n" + output));
    }
}
