package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ServiceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Providers in other JVMs: what consumers see when they start, die or exit. */
class ChildProcessProviderTest
{
    private static final ServiceKey INVENTORY = ServiceKey.of("com.acme.Inventory", "");
    private static final Duration JVM_START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledProviderDisappearsFromSubscribersAndItsEntryIsCleaned() throws Exception
    {
        try (LocalRegistry consumer = LocalRegistry.open(dir))
        {
            final ListenerRecorder listener = new ListenerRecorder();
            consumer.subscribe(INVENTORY, listener);
            final Process child = startProvider();

            await().atMost(JVM_START).until(() -> listener.latest() != null &&
                listener.latest().stream().map(ProviderRecord::pid).toList().equals(List.of(child.pid())));
            assertThat(entryFiles()).hasSize(1);

            child.destroyForcibly();
            final long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).until(() -> List.of().equals(listener.latest()));
            System.out.printf("killed provider left the subscriber's list after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            await().atMost(Duration.ofSeconds(3)).until(() -> entryFiles().isEmpty());
        }
    }

    @Test
    void aProviderThatIsStoppedNormallyRemovesItsOwnEntry() throws Exception
    {
        final Process child = startProvider();
        await().atMost(JVM_START).until(() -> entryFiles().size() == 1);

        child.destroy(); // SIGTERM: shutdown hooks run
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(entryFiles()).isEmpty(); // no reader ran: the provider deleted it itself
    }

    private Process startProvider() throws IOException
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process child = new ProcessBuilder(
            java.toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xshare:auto", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"),
            RegistryProviderMain.class.getName(),
            dir.toString(),
            INVENTORY.name())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile()) // not an entry: readers ignore it
            .start();
        children.add(child);
        return child;
    }

    private List<Path> entryFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(".provider")).toList();
        }
    }
}
