package io.switchboard.agent.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of one registry and what each has last been told. A backend calls {@link #publish}
 * with each new snapshot from its single registry thread; every listener whose list changed (or that
 * has not had its first list yet) is called there. Shared by backends so they deliver alike.
 */
public final class SubscriberSet
{
    private static final System.Logger LOG = System.getLogger(SubscriberSet.class.getName());

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Adds a listener; it gets its first list at the next {@link #publish}.
     *
     * @param key      the followed service
     * @param listener the listener
     * @return the handle removing it
     */
    public Subscription add(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
    {
        final Entry entry = new Entry(key, listener);
        entries.add(entry);
        return entry;
    }

    /** @return whether no listener is registered */
    public boolean isEmpty()
    {
        return entries.isEmpty();
    }

    /** Drops every listener. */
    public void clear()
    {
        for (final Entry e : entries)
        {
            e.close();
        }
    }

    /**
     * Delivers changed lists. Call from one thread only (the registry thread).
     *
     * @param snapshot immutable providers by service; a missing key means none
     */
    public void publish(final Map<ServiceKey, List<ProviderRecord>> snapshot)
    {
        for (final Entry e : entries)
        {
            final List<ProviderRecord> current = snapshot.getOrDefault(e.key, List.of());
            if (!current.equals(e.lastDelivered))
            {
                e.lastDelivered = current;
                try
                {
                    if (!e.closed)
                    {
                        e.listener.accept(current);
                    }
                }
                catch (final RuntimeException | Error ex)
                {
                    if (e.failures++ == 0)
                    {
                        LOG.log(System.Logger.Level.WARNING, "registry listener for " + e.key + " failed", ex);
                    }
                    else
                    {
                        LOG.log(System.Logger.Level.WARNING, "registry listener for " + e.key + " failed again: " + ex);
                    }
                }
            }
        }
    }

    private final class Entry implements Subscription
    {
        private final ServiceKey key;
        private final Consumer<List<ProviderRecord>> listener;
        private List<ProviderRecord> lastDelivered; // registry thread only; null until the first delivery
        private volatile boolean closed;
        private long failures; // registry thread only

        Entry(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
        {
            this.key = key;
            this.listener = listener;
        }

        @Override
        public ServiceKey key()
        {
            return key;
        }

        @Override
        public void close()
        {
            closed = true;
            entries.remove(this);
        }
    }
}
