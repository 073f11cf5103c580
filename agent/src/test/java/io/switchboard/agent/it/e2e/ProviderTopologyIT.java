package io.switchboard.agent.it.e2e;

import io.switchboard.agent.it.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many providers there are, and when they come: two, one that starts after its consumer, none.
 * Every test has its own registry directory.
 */
class ProviderTopologyIT
{
    @TempDir
    Path workDir;

    private Path registryDir() throws Exception
    {
        return Files.createDirectories(workDir.resolve("registry"));
    }

    @Test
    void twoProvidersBothServe() throws Exception
    {
        final Path registryDir = registryDir();
        try (ChildJvm.Running first = E2e.startProviderAsync(workDir, registryDir);
            ChildJvm.Running second = E2e.startProviderAsync(workDir, registryDir))
        {
            E2e.awaitServing(first);
            E2e.awaitServing(second);

            final E2e.Consumer consumer = E2e.runConsumer(workDir,
                List.of(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT)), "pids", "50");

            assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
            assertThat(consumer.get("pids.firstError")).as(consumer.toString()).isEqualTo("none");
            final long a = Math.min(first.process.pid(), second.process.pid());
            final long b = Math.max(first.process.pid(), second.process.pid());
            assertThat(consumer.get("where.pids")).as("the providers that served 50 calls\n%s", consumer)
                .isEqualTo("[" + a + "," + b + "]");
        }
    }

    @Test
    void aConsumerStartedBeforeItsProviderIsServedOnceTheProviderRegisters() throws Exception
    {
        final Path registryDir = registryDir();
        try (ChildJvm.Running consumer = ChildJvm.start(workDir, Map.of(), E2e.consumerCommand(
            List.of(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT)), "await-provider")))
        {
            await().atMost(E2e.STARTUP)
                .until(() -> consumer.out().contains("result awaited.firstFailure=") || !consumer.process.isAlive());
            assertThat(consumer.process.isAlive()).as("the consumer is retrying%s", E2e.output(consumer)).isTrue();

            try (ChildJvm.Running provider = E2e.startProvider(workDir, registryDir))
            {
                consumer.process.getOutputStream().close();
                final ChildJvm.Result result = consumer.await();
                final Map<String, String> values = E2e.results(result.out());

                assertThat(result.exitCode()).as(result.toString()).isZero();
                assertThat(values.get("awaited.firstFailure")).isEqualTo("io.switchboard.api.NoProviderException");
                assertThat(values.get("where.awaited.pid")).as("served by the late provider\n%s", result)
                    .isEqualTo(String.valueOf(provider.process.pid()));
                assertThat(values.get("awaited.echo")).isEqualTo("echo:late");
            }
        }
    }

    @Test
    void withoutAnyProviderACallFailsFastWithNoProviderException() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir,
            List.of(E2e.javaagent(E2e.registry(registryDir()) + "," + E2e.CALL_TIMEOUT)), "none");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("where.none")).as(consumer.toString())
            .startsWith("io.switchboard.api.NoProviderException: ")
            .contains(E2e.SERVICE);
        // Not a timing assertion: only that it did not wait for the 20 s call deadline.
        assertThat(Long.parseLong(consumer.get("none.elapsedMs"))).as(consumer.toString()).isLessThan(10_000);
        assertThat(consumer.get("where.none.echo")).isEqualTo("io.switchboard.api.NoProviderException");
    }

    @Test
    void withoutAnyProviderTheLocalFallbackRunsTheLocalBody() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir,
            List.of(E2e.javaagent(E2e.registry(registryDir()) + "," + E2e.CALL_TIMEOUT + ",fallback=local")), "none");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("where.none")).as(consumer.toString()).isEqualTo("no exception: pid " + consumer.self());
        assertThat(consumer.get("where.none.echo")).as(consumer.toString()).isEqualTo("echo:fallback");
    }
}
