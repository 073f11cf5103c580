package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.registry.CorruptRecordException;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.ProviderRecordCodec;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.RegistryCredential;
import io.switchboard.agent.registry.RegistrySpec;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.registry.SubscriberSet;
import io.switchboard.agent.registry.Subscription;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@code zookeeper://h1:2181,h2:2181[/chroot]} registry, on Apache Curator.
 *
 * <p>Layout below the chroot: {@code /switchboard/services/<service>@<version>/<instanceId>}, one
 * ephemeral node per registration holding the {@link ProviderRecordCodec} text. Each node is a Curator
 * {@link PersistentNode}: after a session expiry it is created again at the same path, so a provider
 * re-registers by itself and never twice. Closing the registration (or the registry, which closes the
 * session) removes it at once; a crashed provider's node goes when its session times out.
 *
 * <p>Consumers read one {@link CuratorCache} of {@code /switchboard/services}, kept current by
 * ZooKeeper's persistent recursive watch. Every change rebuilds an immutable snapshot on the
 * {@code switchboard-registry-zk} thread, which also delivers to subscribers. While ZooKeeper is
 * unreachable the snapshot is simply left as it was (logged once per outage); after a reconnect the
 * cache re-reads the tree.
 *
 * <p>With a {@link RegistryCredential} the client authenticates with ZooKeeper's digest scheme and every
 * node it creates carries {@link DigestAcls}: all rights for holders of the credential, read for everyone.
 * On each connection it also locks {@code /switchboard} and {@code /switchboard/services} that way, so
 * only holders can create or delete providers below them, while consumers and tools read without it.
 * Before each registration the registry checks the ACL of the node it would create under and reports a
 * refusal at once, naming the setting to fix, instead of leaving the provider silently unregistered.
 *
 * <p>{@link #providers} is a map lookup on a volatile snapshot. Only before the first full read of the
 * tree does it wait, at most until {@link Timing#firstSyncWait()} after the registry opened, so a call
 * made at startup sees the providers that are already registered; after that it never waits.
 */
public final class ZooKeeperRegistry implements ServiceRegistry
{
    /** Path below the chroot that holds one child per service and version. */
    public static final String SERVICES_PATH = "/switchboard/services";

    private static final System.Logger LOG = System.getLogger(ZooKeeperRegistry.class.getName());
    private static final Comparator<ProviderRecord> ORDER =
        Comparator.comparing(ProviderRecord::key).thenComparing(ProviderRecord::instanceId);

    /**
     * Time limits of the ZooKeeper client.
     *
     * @param sessionTimeout    how long ZooKeeper keeps a silent session (and its providers' nodes);
     *                          the server clamps it to between 2 and 20 of its ticks
     * @param connectionTimeout how long one foreground operation waits for a connection
     * @param firstSyncWait     how long after opening a first read may wait for the first full read
     */
    public record Timing(Duration sessionTimeout, Duration connectionTimeout, Duration firstSyncWait)
    {
        /**
         * Validates the timing.
         *
         * @throws IllegalArgumentException unless all are positive
         */
        public Timing
        {
            for (final Duration d : new Duration[] {sessionTimeout, connectionTimeout, firstSyncWait})
            {
                if (d == null || d.isNegative() || d.isZero())
                {
                    throw new IllegalArgumentException("ZooKeeper timings must be positive: " +
                        sessionTimeout + ", " + connectionTimeout + ", " + firstSyncWait);
                }
            }
        }

        /**
         * The timing used for a session timeout: connections wait at most the session timeout (capped
         * at 3 s) and a first read waits at most 3 s.
         *
         * @param sessionTimeout the {@code switchboard.registry.session.timeout.ms} value
         * @return the timing
         */
        public static Timing forSessionTimeout(final Duration sessionTimeout)
        {
            final Duration cap = Duration.ofSeconds(3);
            return new Timing(sessionTimeout, sessionTimeout.compareTo(cap) < 0 ? sessionTimeout : cap, cap);
        }
    }

    private final RegistrySpec spec;
    private final DigestAcls acls;
    private final CuratorFramework client;
    private final CuratorCache cache;
    private final ExecutorService events;
    private final SubscriberSet subscribers = new SubscriberSet();
    private final Map<String, ZooKeeperRegistration> registrations = new ConcurrentHashMap<>();
    private final Set<String> corruptPathsLogged = ConcurrentHashMap.newKeySet();
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final long firstSyncDeadlineNs;

    private volatile Map<ServiceKey, List<ProviderRecord>> snapshot = Map.of();
    private volatile List<ProviderRecord> allProviders = List.of();
    private volatile boolean synced;
    private volatile boolean closed;
    private boolean outageLogged; // events thread only

    private ZooKeeperRegistry(final RegistrySpec spec, final Timing timing, final RegistryCredential credential)
    {
        this.spec = spec;
        this.acls = DigestAcls.of(credential);
        final CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
            .connectString(spec.connectString())
            .sessionTimeoutMs(Math.toIntExact(timing.sessionTimeout().toMillis()))
            .connectionTimeoutMs(Math.toIntExact(timing.connectionTimeout().toMillis()))
            .retryPolicy(new ExponentialBackoffRetry(100, 5, 1000))
            .threadFactory(daemon("switchboard-registry-curator"));
        if (!spec.chroot().isEmpty())
        {
            builder.namespace(spec.chroot().substring(1));
        }
        acls.configure(builder, credential);
        this.client = builder.build();
        this.events = Executors.newSingleThreadExecutor(daemon("switchboard-registry-zk"));
        this.cache = CuratorCache.build(client, SERVICES_PATH);
        this.firstSyncDeadlineNs = System.nanoTime() + timing.firstSyncWait().toNanos();
        cache.listenable().addListener(CuratorCacheListener.builder()
            .forAll((type, oldData, data) -> rebuildSoon())
            .forInitialized(() ->
            {
                synced = true;
                rebuildSoon();
            })
            .build());
        client.getConnectionStateListenable().addListener((c, state) -> onConnectionState(state));
    }

    /**
     * Opens the registry: starts connecting and watching in the background and returns at once.
     *
     * @param spec   a {@code zookeeper://} spec
     * @param timing session and connection limits
     * @return the registry; close it to deregister and disconnect
     * @throws IllegalArgumentException when the spec is not a ZooKeeper one
     */
    public static ZooKeeperRegistry open(final RegistrySpec spec, final Timing timing)
    {
        return open(spec, timing, null);
    }

    /**
     * Opens the registry: starts connecting and watching in the background and returns at once.
     *
     * @param spec       a {@code zookeeper://} spec
     * @param timing     session and connection limits
     * @param credential digest credential for registering under ACLs, or null for none (open nodes)
     * @return the registry; close it to deregister and disconnect
     * @throws IllegalArgumentException when the spec is not a ZooKeeper one
     */
    public static ZooKeeperRegistry open(final RegistrySpec spec, final Timing timing,
        final RegistryCredential credential)
    {
        Objects.requireNonNull(timing, "timing");
        if (spec.kind() != RegistrySpec.Kind.ZOOKEEPER)
        {
            throw new IllegalArgumentException("not a ZooKeeper registry: " + spec);
        }
        final ZooKeeperRegistry registry = new ZooKeeperRegistry(spec, timing, credential);
        registry.client.start();
        registry.cache.start();
        return registry;
    }

    /**
     * Waits until the registry has read the whole provider tree once (for tools such as the
     * {@code services} command; the call path never needs this).
     *
     * @param timeout how long to wait
     * @return whether the first read completed in time
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitFirstSync(final Duration timeout) throws InterruptedException
    {
        return firstSync.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return the Curator client, for tests that expire its session */
    CuratorFramework curator()
    {
        return client;
    }

    @Override
    public Registration register(final ProviderRecord record)
    {
        Objects.requireNonNull(record, "record");
        AdvertisedAddress.check(record, spec, describe());
        final String path = ZooKeeperPaths.instancePath(record);
        final ZooKeeperRegistration registration;
        synchronized (this)
        {
            ensureOpen();
            if (registrations.containsKey(record.instanceId()))
            {
                throw new IllegalStateException("instance " + record.instanceId() + " of " + record.key() +
                    " is already registered in " + describe());
            }
            final PersistentNode node = new PersistentNode(
                client, CreateMode.EPHEMERAL, false, path, ProviderRecordCodec.encodeToBytes(record), true);
            registration = new ZooKeeperRegistration(record, node);
            registrations.put(record.instanceId(), registration);
            node.start(); // creates the node in the background, now or when ZooKeeper is reachable
        }
        checkMayCreateUnder(registration, ZooKeeperPaths.servicePath(record));
        return registration;
    }

    /**
     * @param registration a registration of this registry
     * @return why ZooKeeper refuses it (its ACLs), or null when nothing refused it so far
     */
    String refusal(final Registration registration)
    {
        return registration instanceof ZooKeeperRegistration r ? r.refusal : null;
    }

    // Asks for the ACL of the deepest existing node on the way to the instance; ZooKeeper answers in
    // order, after the PersistentNode's create. A refusal is the one thing a retry never fixes: say so.
    private void checkMayCreateUnder(final ZooKeeperRegistration registration, final String path)
    {
        try
        {
            client.getACL().inBackground((c, event) ->
            {
                if (event.getResultCode() == KeeperException.Code.NONODE.intValue() && path.lastIndexOf('/') > 0)
                {
                    checkMayCreateUnder(registration, path.substring(0, path.lastIndexOf('/')));
                }
                else if (event.getResultCode() == KeeperException.Code.OK.intValue() &&
                    !acls.grantsCreate(event.getACLList()))
                {
                    registration.refuse(path, event.getACLList());
                }
            }).forPath(path);
        }
        catch (final Exception ex)
        {
            LOG.log(Level.DEBUG, () -> "cannot check the ACL of " + path + " in " + describe() + ": " + ex);
        }
    }

    // With a credential, on every (re)connection: /switchboard, /switchboard/services and each service
    // node get the digest ACL, so processes without the credential cannot create or delete providers.
    private void lockServicesPath()
    {
        try
        {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).inBackground((c, event) ->
            {
                if (event.getResultCode() == KeeperException.Code.NODEEXISTS.intValue())
                {
                    setAcl(ZooKeeperPaths.SWITCHBOARD_PATH);
                    setAcl(SERVICES_PATH);
                    // Service nodes made open before any holder connected would still admit anyone.
                    client.getChildren().inBackground((c2, children) ->
                    {
                        if (children.getResultCode() == KeeperException.Code.OK.intValue())
                        {
                            for (final String child : children.getChildren())
                            {
                                setAcl(SERVICES_PATH + "/" + child);
                            }
                        }
                    }).forPath(SERVICES_PATH);
                }
            }).forPath(SERVICES_PATH);
        }
        catch (final Exception ex)
        {
            LOG.log(Level.DEBUG, () -> "cannot lock " + SERVICES_PATH + " in " + describe() + ": " + ex);
        }
    }

    private void setAcl(final String path) throws Exception
    {
        client.setACL().withACL(acls.forNodes()).inBackground((c, event) ->
        {
            if (event.getResultCode() == KeeperException.Code.NOAUTH.intValue())
            {
                LOG.log(Level.ERROR, describe() + ": cannot put digest ACLs on " + path + ": ZooKeeper refused " +
                    "(NoAuth); another credential owns it. Use the same " + DigestAcls.SETTINGS + " as the processes " +
                    "that created it");
            }
        }).forPath(path);
    }

    @Override
    public Subscription subscribe(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
    {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        final Subscription subscription = subscribers.add(key, listener);
        try
        {
            events.execute(this::deliver); // the first list, on the registry thread
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
        awaitFirstSyncAtStartup();
        return snapshot.getOrDefault(key, List.of());
    }

    @Override
    public List<ProviderRecord> all()
    {
        awaitFirstSyncAtStartup();
        return allProviders;
    }

    @Override
    public String describe()
    {
        return "ZooKeeper registry " + spec;
    }

    @Override
    public void close()
    {
        final List<ZooKeeperRegistration> toRemove;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            toRemove = new ArrayList<>(registrations.values());
        }
        // Deregister first: closing the session below would also remove the nodes, but only after
        // the close reaches the server; explicit deletes make consumers stop routing here sooner.
        toRemove.forEach(ZooKeeperRegistration::close);
        subscribers.clear();
        cache.close();
        events.shutdownNow();
        client.close();
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

    // Only until the first full read or the deadline, whichever comes first: never again afterwards.
    private void awaitFirstSyncAtStartup()
    {
        if (synced || closed)
        {
            return;
        }
        final long remainingNs = firstSyncDeadlineNs - System.nanoTime();
        if (remainingNs > 0)
        {
            try
            {
                firstSync.await(remainingNs, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void rebuildSoon()
    {
        if (rebuildPending.compareAndSet(false, true))
        {
            try
            {
                events.execute(() ->
                {
                    rebuildPending.set(false);
                    rebuild();
                    deliver();
                });
            }
            catch (final RejectedExecutionException ignore)
            {
                // closed
            }
        }
    }

    // Events thread. Reads the cache's copy of the tree; no ZooKeeper round trip.
    private void rebuild()
    {
        final String prefix = SERVICES_PATH + "/";
        final List<ProviderRecord> records = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        cache.stream().forEach(child -> add(child, prefix, records, seen));
        records.sort(ORDER);
        final Map<ServiceKey, List<ProviderRecord>> byKey = new HashMap<>();
        for (final ProviderRecord r : records)
        {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        byKey.replaceAll((k, list) -> List.copyOf(list));
        allProviders = List.copyOf(records);
        snapshot = Map.copyOf(byKey);
        if (synced && firstSync.getCount() > 0)
        {
            firstSync.countDown();
        }
    }

    private void add(final ChildData child, final String prefix, final List<ProviderRecord> records, final Set<String> seen)
    {
        final String path = child.getPath();
        if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) < 0)
        {
            return; // the root or a service node, not an instance
        }
        final byte[] data = child.getData();
        if (data == null || data.length == 0)
        {
            return;
        }
        try
        {
            final ProviderRecord record = ProviderRecordCodec.decode(data);
            if (seen.add(record.key() + "/" + record.instanceId()))
            {
                records.add(record);
            }
        }
        catch (final CorruptRecordException ex)
        {
            if (corruptPathsLogged.add(path))
            {
                LOG.log(Level.WARNING, "skipping unreadable provider entry " + path + " in " + describe() + ": " +
                    ex.getMessage());
            }
        }
    }

    private void deliver()
    {
        if (!closed && synced)
        {
            subscribers.publish(snapshot);
        }
    }

    private void onConnectionState(final ConnectionState state)
    {
        if (acls.hasCredential() && (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED))
        {
            lockServicesPath();
        }
        try
        {
            events.execute(() -> logConnectionState(state));
        }
        catch (final RejectedExecutionException ignore)
        {
            // closed
        }
    }

    private void logConnectionState(final ConnectionState state)
    {
        if (closed)
        {
            return;
        }
        if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST)
        {
            if (!outageLogged)
            {
                outageLogged = true;
                LOG.log(Level.WARNING, describe() + " is unreachable; consumers keep the last known providers (" +
                    allProviders.size() + ") and providers re-register when it is back");
            }
        }
        else if (state.isConnected() && outageLogged)
        {
            outageLogged = false;
            LOG.log(Level.INFO, describe() + " is reachable again (" + state + ")");
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

    private final class ZooKeeperRegistration implements Registration
    {
        private final ProviderRecord record;
        private final PersistentNode node;
        private final AtomicBoolean removed = new AtomicBoolean();
        private volatile String refusal;

        ZooKeeperRegistration(final ProviderRecord record, final PersistentNode node)
        {
            this.record = record;
            this.node = node;
        }

        @Override
        public ProviderRecord record()
        {
            return record;
        }

        @Override
        public void close()
        {
            if (!removed.compareAndSet(false, true))
            {
                return;
            }
            registrations.remove(record.instanceId(), this);
            if (client.getZookeeperClient().isConnected())
            {
                closeNode();
            }
            else
            {
                // Deleting would wait for a connection; the session's end removes the node anyway.
                final Thread closer = new Thread(this::closeNode, "switchboard-registry-deregister");
                closer.setDaemon(true);
                closer.start();
            }
        }

        private void closeNode()
        {
            try
            {
                node.close();
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.log(Level.DEBUG, () -> "removing " + this + " failed (its session's end removes it): " + ex);
            }
        }

        void refuse(final String path, final List<ACL> nodeAcl)
        {
            if (refusal != null || removed.get())
            {
                return;
            }
            refusal = "cannot register " + record.key() + " in " + describe() + ": ZooKeeper refuses it (NoAuth): " +
                path + " lets only " + DigestAcls.describeCreators(nodeAcl) + " create providers, and this " +
                "process has " + acls.describeIdentity() + "; set " + DigestAcls.SETTINGS + " to the registry's " +
                "credential";
            LOG.log(Level.ERROR, refusal);
        }

        @Override
        public String toString()
        {
            return record.key() + " instance " + record.instanceId() + " in " + describe();
        }
    }
}
