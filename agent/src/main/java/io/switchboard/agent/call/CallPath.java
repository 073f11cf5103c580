package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.call.outcome.CallOutcomes;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.MethodTable;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.bootstrap.Dispatch;
import io.switchboard.transport.aeron.AeronTransport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The consumer's call path, installed as the {@link Dispatch.Invoker}: every call on an instrumented
 * implementation or a lookup proxy of a service this process does not provide arrives here and is
 * handed to that service's {@link ServiceCalls}.
 *
 * <p>Hot path: one array read to find the method, one to find the service's calls.
 */
public final class CallPath implements Dispatch.Invoker, AutoCloseable
{
    private final MethodTable methods;
    private final SwitchboardConfig config;
    private final ServiceRegistry registry;
    private final TransportHandle transport;
    private final AgentLog log;
    private final AtomicReferenceArray<ServiceCalls> calls = new AtomicReferenceArray<>(MethodTable.MAX_SERVICES);
    private final ExecutorService callbacks;

    /**
     * @param methods   the agent's method table.
     * @param config    the configuration.
     * @param registry  where providers are found.
     * @param transport the transport, launched on first use.
     * @param log       the agent's log.
     * @throws io.switchboard.agent.config.ConfigException when a fallback class is missing or unfit.
     */
    public CallPath(
        final MethodTable methods,
        final SwitchboardConfig config,
        final ServiceRegistry registry,
        final TransportHandle transport,
        final AgentLog log)
    {
        this.methods = methods;
        this.config = config;
        this.registry = registry;
        this.transport = transport;
        this.log = log;
        ServiceFallback.check(config.serviceFallbacks(), ClassLoader.getSystemClassLoader());
        final AtomicInteger threads = new AtomicInteger();
        // User callbacks of asynchronous calls run here, never on the transport's polling thread.
        this.callbacks = Executors.newCachedThreadPool(r ->
        {
            final Thread thread = new Thread(r, "switchboard-callback-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Object invoke(final int methodIndex, final Object target, final Object[] args) throws Throwable
    {
        final RemoteMethod method = methods.method(methodIndex);
        final ServiceCalls service = callsOf(method.service());
        if (service.isFallbackInstance(target))
        {
            return Dispatch.RUN_LOCALLY; // the service's fallback class answering a call no provider could take
        }
        if (method.isAsync())
        {
            if (service.runsLocallyNow())
            {
                return Dispatch.RUN_LOCALLY;
            }
            return service.callAsync(method, args);
        }
        return service.call(method, args);
    }

    private ServiceCalls callsOf(final RemoteService service)
    {
        final int index = service.index();
        final ServiceCalls existing = calls.get(index);
        if (null != existing && existing.service() == service)
        {
            return existing;
        }
        synchronized (this)
        {
            final ServiceCalls current = calls.get(index);
            if (null != current && current.service() == service)
            {
                return current;
            }
            if (null != current)
            {
                current.close(); // the index was reused after the old service's class loader went away
            }
            final ServiceCalls created = new ServiceCalls(service, config, registry, transport, callbacks, log);
            calls.set(index, created);
            return created;
        }
    }

    /**
     * @param action given the outcome counters of each service called so far (for metrics).
     */
    public void forEachOutcomes(final Consumer<CallOutcomes> action)
    {
        for (int i = 0; i < calls.length(); i++)
        {
            final ServiceCalls service = calls.get(i);
            final CallOutcomes outcomes = null == service ? null : service.outcomesIfAny();
            if (null != outcomes)
            {
                action.accept(outcomes);
            }
        }
    }

    @Override
    public void close()
    {
        for (int i = 0; i < calls.length(); i++)
        {
            final ServiceCalls service = calls.getAndSet(i, null);
            if (null != service)
            {
                service.close();
            }
        }
        callbacks.shutdown();
    }
}
