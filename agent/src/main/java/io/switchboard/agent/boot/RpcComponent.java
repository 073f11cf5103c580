package io.switchboard.agent.boot;

import io.switchboard.agent.call.CallPath;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.instrument.Instrumenter;
import io.switchboard.agent.instrument.ProvidedServices;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.serve.ServingPath;
import io.switchboard.bootstrap.Dispatch;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.server.Server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Connects the instrumentation to the call and serving paths: starts the server (once the transport
 * is up) when this process
 * provides services, installs the instrumentation (exports go to the serving path) and installs
 * the call path as the invoker before {@code main} runs, so no call slips through locally.
 */
final class RpcComponent implements AgentComponent
{
    private Instrumenter instrumenter;
    private CallPath callPath;
    private ServingPath servingPath;
    private final CompletableFuture<Server> server = new CompletableFuture<>();
    private AgentContext context;

    @Override
    public String name()
    {
        return "rpc";
    }

    @Override
    public void start(final AgentContext context)
    {
        this.context = context;
        final SwitchboardConfig config = context.config();
        final ServiceRegistry registry = context.get(ServiceRegistry.class);
        final TransportComponent transport = context.get(TransportComponent.class);
        if (null == registry || null == transport)
        {
            throw new IllegalStateException("the registry and the transport must start first");
        }

        servingPath = new ServingPath(config, registry, () -> advertised(server().endpoint(), config.advertiseHost()),
            context.log());
        if (!config.provide().isEmpty())
        {
            // Started when the transport is up (it launches in the background, so main need not wait for the
            // media driver); the first export waits for it, and says why when it could not start.
            transport.whenReady(this::startServer);
            transport.whenFailed(server::completeExceptionally);
        }

        final ProvidedServices provided = (serviceName, interfaceName) ->
            config.providesAll() || config.provide().contains(serviceName) || config.provide().contains(interfaceName);
        if (null == context.instrumentation())
        {
            throw new IllegalStateException("no Instrumentation: the agent must be started with -javaagent or attached");
        }
        // At premain no application class is loaded yet, so Byte Buddy can be set up off the main thread.
        instrumenter = context.attachedAtRuntime() ?
            Instrumenter.install(context.instrumentation(), provided, servingPath::export) :
            Instrumenter.installAtStartup(context.instrumentation(), provided, servingPath::export);
        callPath = new CallPath(instrumenter.methodTable(), config, registry, transport, context.log());
        context.put(CallPath.class, callPath);
        Dispatch.installInvoker(callPath);
    }

    @Override
    public void close()
    {
        // Deregister first so consumers stop choosing this provider, then stop taking calls.
        if (null != servingPath)
        {
            servingPath.close();
        }
        if (null != callPath)
        {
            Dispatch.installInvoker(null);
            callPath.close();
        }
        final Server running = server.getNow(null);
        if (null != running)
        {
            running.close();
            // What the provider refused (hostile or excess input), for the operator and the flood test.
            context.log().line("switchboard: transport counters: " + context.get(TransportComponent.class).get().counters());
        }
    }

    private void startServer(final AeronTransport transport)
    {
        try
        {
            server.complete(transport.startServer(servingPath));
        }
        catch (final Throwable ex)
        {
            server.completeExceptionally(ex);
        }
    }

    // Waits for the server; a provided service is exported (registered) only once consumers can reach it.
    private Server server()
    {
        try
        {
            return server.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Switchboard server was starting", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("the Switchboard server could not start, so nothing is exported: " +
                ex.getCause(), ex.getCause());
        }
    }

    // switchboard.advertise.host: the host consumers dial, when the bind address is not it (0.0.0.0, NAT).
    private static Endpoint advertised(final Endpoint bound, final String advertiseHost)
    {
        return advertiseHost.isEmpty() ? bound :
            new Endpoint(advertiseHost, bound.port(), bound.udpStreamId(), bound.ipcStreamId(), bound.driverId());
    }
}
