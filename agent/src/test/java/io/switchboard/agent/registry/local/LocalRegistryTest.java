package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ProviderRecordCodec;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LocalRegistryTest
{
    private static final ServiceKey INVENTORY = ServiceKey.of("com.acme.Inventory", "");
    private static final ServiceKey PRICING = ServiceKey.of("com.acme.Pricing", "2");
    private static final Duration CHANGE_SEEN_WITHIN = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable c : toClose)
        {
            c.close();
        }
    }

    // Each LocalRegistry on the same directory stands in for another process.
    private LocalRegistry registry()
    {
        final LocalRegistry registry = LocalRegistry.open(dir);
        toClose.add(registry);
        return registry;
    }

    private static ProviderRecord record(final ServiceKey key, final String instanceId)
    {
        return ProviderRecord.builder(key.name()).version(key.version()).instanceId(instanceId)
            .endpoint("aeron:ipc|" + instanceId).build();
    }

    private List<Path> entryFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(".provider")).toList();
        }
    }

    @Test
    void aSubscriberGetsTheCurrentProvidersAndThenEachChange() throws IOException
    {
        final LocalRegistry provider = registry();
        final Registration registration = provider.register(record(INVENTORY, "p1"));

        final ListenerRecorder listener = new ListenerRecorder();
        registry().subscribe(INVENTORY, listener);
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("p1").equals(listener.latestIds()));
        assertThat(listener.deliveries).hasSize(1);
        assertThat(listener.latest().get(0)).isEqualTo(registration.record());

        registration.close();
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of().equals(listener.latestIds()));
        assertThat(entryFiles()).isEmpty();
    }

    @Test
    void aConsumerSubscribedBeforeAnyProviderGetsItOnceItRegisters()
    {
        final ListenerRecorder listener = new ListenerRecorder();
        registry().subscribe(INVENTORY, listener);
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> listener.latest() != null);
        assertThat(listener.latest()).isEmpty();

        registry().register(record(INVENTORY, "late"));
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("late").equals(listener.latestIds()));
    }

    @Test
    void severalProvidersOfOneServiceAreListedTogetherAndOtherServicesApart()
    {
        final LocalRegistry first = registry();
        final LocalRegistry second = registry();
        first.register(record(INVENTORY, "a"));
        second.register(record(INVENTORY, "b"));
        second.register(record(PRICING, "c"));

        final ListenerRecorder inventory = new ListenerRecorder();
        final ListenerRecorder pricing = new ListenerRecorder();
        final LocalRegistry consumer = registry();
        consumer.subscribe(INVENTORY, inventory);
        consumer.subscribe(PRICING, pricing);

        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("a", "b").equals(inventory.latestIds()));
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("c").equals(pricing.latestIds()));
        assertThat(consumer.providers(INVENTORY)).extracting(ProviderRecord::instanceId).containsExactly("a", "b");
        assertThat(consumer.providers(ServiceKey.of("com.acme.Inventory", "9"))).isEmpty();
    }

    @Test
    void providersAndAllAnswerAtOnceWithoutASubscription()
    {
        registry().register(record(PRICING, "z"));
        registry().register(record(INVENTORY, "y"));

        final LocalRegistry consumer = registry();
        assertThat(consumer.providers(INVENTORY)).extracting(ProviderRecord::instanceId).containsExactly("y");
        assertThat(consumer.all()).extracting(ProviderRecord::instanceId).containsExactly("y", "z");
        assertThat(consumer.describe()).isEqualTo("local registry " + dir);
    }

    @Test
    void anEntryWhoseHeartbeatStoppedIsIgnoredAndDeleted() throws IOException
    {
        final Path silent = writeEntry(record(INVENTORY, "silent"));
        Files.setLastModifiedTime(silent, FileTime.fromMillis(System.currentTimeMillis() - 10_000));

        assertThat(registry().providers(INVENTORY)).isEmpty();
        assertThat(silent).doesNotExist();
    }

    @Test
    void anEntryThatStopsBeingRefreshedDisappearsFromSubscribers() throws IOException
    {
        final Path orphan = writeEntry(record(INVENTORY, "orphan")); // nobody refreshes it
        final ListenerRecorder listener = new ListenerRecorder();
        registry().subscribe(INVENTORY, listener);
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("orphan").equals(listener.latestIds()));

        await().atMost(Duration.ofSeconds(5)).until(() -> List.of().equals(listener.latestIds()));
        assertThat(orphan).doesNotExist();
    }

    @Test
    void anEntryOfAProcessThatExitedIsIgnoredAndDeleted() throws Exception
    {
        final Process finished = new ProcessBuilder("true").start();
        assertThat(finished.waitFor(10, TimeUnit.SECONDS)).isTrue();
        final Path dead = writeEntry(record(INVENTORY, "dead").toBuilder().pid(finished.pid()).build());

        assertThat(registry().providers(INVENTORY)).isEmpty();
        assertThat(dead).doesNotExist();
    }

    @Test
    void anEntryWhosePidWasReusedByAnotherProcessIsIgnoredAndDeleted() throws IOException
    {
        final ProviderRecord earlier = record(INVENTORY, "reused").toBuilder()
            .startTimeMillis(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli() - 3_600_000)
            .build();
        final Path reused = writeEntry(earlier);

        assertThat(registry().providers(INVENTORY)).isEmpty();
        assertThat(reused).doesNotExist();
    }

    @Test
    void corruptEntriesAreSkippedAndTheRestStillWork() throws IOException
    {
        Files.write(dir.resolve("garbage.provider"), new byte[] {0, 1, 2, (byte)0xff});
        Files.writeString(dir.resolve("newer.provider"),
            ProviderRecordCodec.encode(record(INVENTORY, "newer")).replace("format=1", "format=7"));
        Files.writeString(dir.resolve(".half-written.provider.1234.tmp"), "format=1\nserv");
        Files.writeString(dir.resolve("README.txt"), "not an entry");

        final LocalRegistry consumer = registry();
        final ListenerRecorder listener = new ListenerRecorder();
        consumer.subscribe(INVENTORY, listener);
        registry().register(record(INVENTORY, "good"));

        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("good").equals(listener.latestIds()));
        assertThat(consumer.all()).extracting(ProviderRecord::instanceId).containsExactly("good");
    }

    @Test
    void theHeartbeatWritesBackAnEntryThatAnotherProcessDeleted() throws IOException
    {
        final Registration registration = registry().register(record(INVENTORY, "phoenix"));
        final Path file = entryFiles().get(0);
        Files.delete(file);

        await().atMost(CHANGE_SEEN_WITHIN).until(() -> Files.exists(file));
        registration.close();
        assertThat(file).doesNotExist();
    }

    @Test
    void closingTheRegistryRemovesItsEntriesAndRefusesNewOnes() throws IOException
    {
        final LocalRegistry provider = registry();
        provider.register(record(INVENTORY, "one"));
        provider.register(record(PRICING, "two"));
        assertThat(entryFiles()).hasSize(2);

        provider.close();
        assertThat(entryFiles()).isEmpty();
        assertThatThrownBy(() -> provider.register(record(INVENTORY, "three")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void registeringTheSameInstanceTwiceIsRefused()
    {
        final LocalRegistry provider = registry();
        provider.register(record(INVENTORY, "twin"));
        assertThatThrownBy(() -> provider.register(record(INVENTORY, "twin")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("twin");
    }

    @Test
    void instanceIdsThatAreNotFileNamesStillGetTheirOwnEntry()
    {
        final LocalRegistry provider = registry();
        provider.register(record(INVENTORY, "../../etc/passwd"));
        provider.register(record(INVENTORY, "../../etc/passwd?"));
        assertThat(dir.getParent().resolve("etc")).doesNotExist();
        assertThat(registry().providers(INVENTORY)).extracting(ProviderRecord::instanceId)
            .containsExactly("../../etc/passwd", "../../etc/passwd?");
    }

    @Test
    void subscribersShareOneNamedDaemonThreadAndAFailingListenerDoesNotStopTheOthers()
    {
        final LocalRegistry consumer = registry();
        final ListenerRecorder first = new ListenerRecorder();
        final ListenerRecorder second = new ListenerRecorder();
        consumer.subscribe(INVENTORY, list ->
        {
            throw new IllegalStateException("listener bug (expected by this test)");
        });
        consumer.subscribe(INVENTORY, first);
        consumer.subscribe(PRICING, second);
        registry().register(record(INVENTORY, "i"));
        registry().register(record(PRICING, "p"));

        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("i").equals(first.latestIds()));
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("p").equals(second.latestIds()));
        final Thread thread = first.threads.get(0);
        assertThat(first.threads).containsOnly(thread);
        assertThat(second.threads).containsOnly(thread);
        assertThat(thread.getName()).startsWith("switchboard-registry");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void aClosedSubscriptionHearsNoMore()
    {
        final LocalRegistry consumer = registry();
        final ListenerRecorder closed = new ListenerRecorder();
        final ListenerRecorder open = new ListenerRecorder();
        final Subscription subscription = consumer.subscribe(INVENTORY, closed);
        consumer.subscribe(INVENTORY, open);
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> closed.latest() != null && open.latest() != null);
        subscription.close();

        registry().register(record(INVENTORY, "after"));
        await().atMost(CHANGE_SEEN_WITHIN).until(() -> List.of("after").equals(open.latestIds()));
        assertThat(closed.deliveries).containsExactly(List.of());
    }

    private Path writeEntry(final ProviderRecord record) throws IOException
    {
        final Path file = dir.resolve(record.instanceId() + ".provider");
        Files.write(file, ProviderRecordCodec.encode(record).getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
