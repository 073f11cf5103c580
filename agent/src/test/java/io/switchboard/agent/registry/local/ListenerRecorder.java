package io.switchboard.agent.registry.local;

import io.switchboard.agent.registry.ProviderRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A registry listener that remembers what it was told and on which thread. */
final class ListenerRecorder implements Consumer<List<ProviderRecord>>
{
    final List<List<ProviderRecord>> deliveries = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<ProviderRecord>> latest = new AtomicReference<>();

    @Override
    public void accept(final List<ProviderRecord> providers)
    {
        threads.add(Thread.currentThread());
        deliveries.add(providers);
        latest.set(providers);
    }

    /** @return the last list delivered, or null before the first delivery */
    List<ProviderRecord> latest()
    {
        return latest.get();
    }

    /** @return instance ids of the last list delivered, or null before the first delivery */
    List<String> latestIds()
    {
        final List<ProviderRecord> list = latest.get();
        return list == null ? null : list.stream().map(ProviderRecord::instanceId).toList();
    }
}
