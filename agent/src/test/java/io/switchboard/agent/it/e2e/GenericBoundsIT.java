package io.switchboard.agent.it.e2e;

import io.switchboard.agent.it.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generic method whose type variable has a recursive bound ({@code <T extends Comparable<T>>}),
 * in a service of its own ({@code com.acme.e2e.Ranking}).
 */
class GenericBoundsIT
{
    private static final String RANKING = "com.acme.e2e.Ranking";

    @TempDir
    Path workDir;

    @Test
    void aGenericMethodWithARecursiveBoundIsServed() throws Exception
    {
        final Path registryDir = Files.createDirectories(workDir.resolve("registry"));
        try (ChildJvm.Running provider = E2e.startProviderAsync(workDir, registryDir, RANKING, "ranking"))
        {
            E2e.awaitServing(provider, RANKING);

            final E2e.Consumer consumer = E2e.runConsumer(workDir,
                List.of(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT)), "ranking");

            assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
            assertThat(consumer.get("where.pid")).as(consumer.toString()).isEqualTo(String.valueOf(provider.process.pid()));
            assertThat(consumer.get("ranking.max.int")).as(consumer.toString()).isEqualTo("9");
            assertThat(consumer.get("ranking.max.string")).as(consumer.toString()).isEqualTo("pear");
        }
    }
}
