package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ProviderRecordCodec;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.SubscriberSet;
import io.switchboard.agent.registry.Subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code local} registry: providers of one host meet in a shared directory.
 *
 * <p>Each registration is one file, written atomically and refreshed (its modification time) every
 * {@link Timing#heartbeat()} by the {@code switchboard-registry-heartbeat} thread; closing the
 * registration, the registry or the JVM deletes it. Readers poll the directory every
 * {@link Timing#poll()} on the {@code switchboard-registry-watch} thread, shared by every subscriber of
 * this registry, and delete entries whose process is gone (pid absent or start time differs) or that
 * were not refreshed for {@link Timing#staleAfter()}. Heartbeats have their own thread so a slow
 * listener cannot make this process's entries look dead.
 *
 * <p>{@link #providers} is a map lookup on a volatile snapshot: no I/O, no lock once watching.
 */
public final class LocalRegistry implements ServiceRegistry
{
    private static final System.Logger LOG = System.getLogger(LocalRegistry.class.getName());
    private static final Comparator<ProviderRecord> ORDER =
        Comparator.comparing(ProviderRecord::key).thenComparing(ProviderRecord::instanceId);

    /**
     * How often entries are refreshed and read, and how long a silent entry counts as alive.
     *
     * @param heartbeat  interval between refreshes of this process's entries
     * @param poll       interval between reads of the directory
     * @param staleAfter an entry not refreshed for longer is deleted; several heartbeats long
     */
    public record Timing(Duration heartbeat, Duration poll, Duration staleAfter)
    {
        /** 250 ms heartbeat, 200 ms poll, 2 s staleness. */
        public static final Timing DEFAULT =
            new Timing(Duration.ofMillis(250), Duration.ofMillis(200), Duration.ofSeconds(2));

        /**
         * Validates the timing.
         *
         * @throws IllegalArgumentException unless all are positive and staleAfter exceeds two heartbeats
         */
        public Timing
        {
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(poll, "poll");
            Objects.requireNonNull(staleAfter, "staleAfter");
            if (heartbeat.isNegative() || heartbeat.isZero() || poll.isNegative() || poll.isZero() ||
                staleAfter.compareTo(heartbeat.multipliedBy(2)) <= 0)
            {
                throw new IllegalArgumentException("need positive heartbeat and poll and staleAfter > 2 heartbeats: " +
                    heartbeat + ", " + poll + ", " + staleAfter);
            }
        }
    }

    private final LocalRegistryDirectory directory;
    private final Timing timing;
    private final EntryScanner scanner;
    private final SubscriberSet subscribers = new SubscriberSet();
    private final Map<String, LocalRegistration> registrations = new ConcurrentHashMap<>();
    private final Object scanLock = new Object();

    private volatile Map<ServiceKey, List<ProviderRecord>> snapshot = Map.of();
    private volatile List<ProviderRecord> allProviders = List.of();
    private volatile ScheduledExecutorService watcher;
    private ScheduledExecutorService heartbeat; // guarded by this
    private Thread shutdownHook; // guarded by this
    private volatile boolean closed;

    private LocalRegistry(final LocalRegistryDirectory directory, final Timing timing)
    {
        this.directory = directory;
        this.timing = timing;
        this.scanner = new EntryScanner(directory, timing.staleAfter().toMillis());
    }

    /**
     * Opens the registry in a directory with {@link Timing#DEFAULT default timing}, creating it if needed.
     * No thread starts until the first registration or read.
     *
     * @param dir the shared directory
     * @return the registry
     * @throws UncheckedIOException when the directory cannot be created or written
     */
    public static LocalRegistry open(final Path dir)
    {
        return open(dir, Timing.DEFAULT);
    }

    /**
     * @param dir    the shared directory
     * @param timing heartbeat, poll and staleness intervals
     * @return the registry
     * @throws UncheckedIOException when the directory cannot be created or written
     */
    public static LocalRegistry open(final Path dir, final Timing timing)
    {
        return new LocalRegistry(LocalRegistryDirectory.open(dir), timing);
    }

    /** @return the shared directory */
    public Path directory()
    {
        return directory.path();
    }

    @Override
    public Registration register(final ProviderRecord record)
    {
        Objects.requireNonNull(record, "record");
        final LocalRegistration registration =
            new LocalRegistration(record, directory.entryFile(record.instanceId()), ProviderRecordCodec.encodeToBytes(record));
        synchronized (this)
        {
            ensureOpen();
            if (registrations.putIfAbsent(record.instanceId(), registration) != null)
            {
                throw new IllegalStateException("instance " + record.instanceId() + " of " + record.key() +
                    " is already registered in " + describe());
            }
            startHeartbeat(); // first: its exit hook must be in place before the file exists
            try
            {
                directory.writeAtomically(registration.file, registration.content);
            }
            catch (final IOException ex)
            {
                registrations.remove(record.instanceId());
                throw new UncheckedIOException("cannot register " + record.key() + " in " + describe() + ": " + ex, ex);
            }
        }
        pollSoon();
        return registration;
    }

    @Override
    public Subscription subscribe(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
    {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        final ScheduledExecutorService executor = ensureWatching();
        final Subscription subscription = subscribers.add(key, listener);
        try
        {
            executor.execute(this::deliver); // the first list, on the registry thread
        }
        catch (final RejectedExecutionException ex)
        {
            subscription.close(); // closed concurrently
        }
        return subscription;
    }

    @Override
    public List<ProviderRecord> providers(final ServiceKey key)
    {
        if (watcher == null && !closed)
        {
            ensureWatching();
        }
        return snapshot.getOrDefault(key, List.of());
    }

    @Override
    public List<ProviderRecord> all()
    {
        if (watcher == null && !closed)
        {
            ensureWatching();
        }
        return allProviders;
    }

    @Override
    public String describe()
    {
        return "local registry " + directory;
    }

    @Override
    public void close()
    {
        final List<LocalRegistration> toRemove;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            subscribers.clear();
            if (watcher != null)
            {
                watcher.shutdownNow();
            }
            if (heartbeat != null)
            {
                heartbeat.shutdownNow();
            }
            if (shutdownHook != null)
            {
                try
                {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                }
                catch (final IllegalStateException ignore)
                {
                    // the JVM is shutting down; the hook is running or ran
                }
            }
            toRemove = new ArrayList<>(registrations.values());
        }
        toRemove.forEach(LocalRegistration::close);
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    // The first read scans in the caller, so providers() is right from the start; then the watcher polls.
    private ScheduledExecutorService ensureWatching()
    {
        ScheduledExecutorService executor = watcher;
        if (executor == null)
        {
            synchronized (this)
            {
                executor = watcher;
                if (executor == null)
                {
                    ensureOpen();
                    refresh();
                    executor = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-registry-watch"));
                    final long pollMillis = timing.poll().toMillis();
                    executor.scheduleWithFixedDelay(this::pollAndDeliver, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
                    watcher = executor;
                }
            }
        }
        return executor;
    }

    private void pollSoon()
    {
        final ScheduledExecutorService executor = watcher;
        if (executor != null)
        {
            try
            {
                executor.execute(this::pollAndDeliver);
            }
            catch (final RejectedExecutionException ignore)
            {
                // closed
            }
        }
    }

    private void pollAndDeliver()
    {
        try
        {
            refresh();
            deliver();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.WARNING, "polling " + describe() + " failed", ex); // keep polling
        }
    }

    private void deliver()
    {
        if (!closed)
        {
            subscribers.publish(snapshot);
        }
    }

    private void refresh()
    {
        synchronized (scanLock)
        {
            final List<ProviderRecord> records = scanner.scan(System.currentTimeMillis());
            records.sort(ORDER);
            final Map<ServiceKey, List<ProviderRecord>> byKey = new HashMap<>();
            for (final ProviderRecord r : records)
            {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            byKey.replaceAll((k, list) -> List.copyOf(list));
            allProviders = List.copyOf(records);
            snapshot = Map.copyOf(byKey);
        }
    }

    private void startHeartbeat()
    {
        if (heartbeat == null)
        {
            heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-registry-heartbeat"));
            final long millis = timing.heartbeat().toMillis();
            heartbeat.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
            shutdownHook = new Thread(this::removeEntriesAtExit, "switchboard-registry-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private void beat()
    {
        final long now = System.currentTimeMillis();
        for (final LocalRegistration registration : registrations.values())
        {
            registration.refresh(now);
        }
    }

    // The heartbeat thread is a daemon and still runs while hooks do: each entry is marked removed under
    // its lock, or a beat in between could write the deleted file again.
    private void removeEntriesAtExit()
    {
        for (final LocalRegistration registration : registrations.values())
        {
            registration.removeFile();
        }
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

    private final class LocalRegistration implements Registration
    {
        private final ProviderRecord record;
        private final Path file;
        private final byte[] content;
        private boolean removed; // guarded by this
        private boolean failureLogged; // heartbeat thread only

        LocalRegistration(final ProviderRecord record, final Path file, final byte[] content)
        {
            this.record = record;
            this.file = file;
            this.content = content;
        }

        @Override
        public ProviderRecord record()
        {
            return record;
        }

        // Touch the file; if a reader deleted it as stale (say, after a long pause here), write it again.
        synchronized void refresh(final long nowMillis)
        {
            if (removed)
            {
                return;
            }
            try
            {
                if (!directory.touch(file, nowMillis))
                {
                    directory.writeAtomically(file, content);
                    LOG.log(Level.INFO, () -> "re-registered " + record.key() + " instance " + record.instanceId() +
                        " after its entry was removed as stale");
                }
                failureLogged = false;
            }
            catch (final IOException ex)
            {
                if (!failureLogged)
                {
                    failureLogged = true;
                    LOG.log(Level.WARNING, "cannot refresh registry entry " + file + ": " + ex);
                }
            }
        }

        synchronized boolean removeFile()
        {
            if (removed)
            {
                return false;
            }
            removed = true;
            directory.delete(file);
            return true;
        }

        @Override
        public void close()
        {
            if (removeFile())
            {
                registrations.remove(record.instanceId(), this);
                pollSoon();
            }
        }

        @Override
        public String toString()
        {
            return record.key() + " instance " + record.instanceId() + " in " + describe();
        }
    }
}
