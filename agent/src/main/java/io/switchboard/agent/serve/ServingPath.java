package io.switchboard.agent.serve;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.config.Profile;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.agent.payload.PayloadCopy;
import io.switchboard.agent.payload.Payloads;
import io.switchboard.agent.registry.CurrentProcess;
import io.switchboard.agent.registry.ProviderRecord;
import io.switchboard.agent.registry.Registration;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.trace.RpcTracing;
import io.switchboard.agent.trace.ServerSpan;
import io.switchboard.agent.trace.TraceScope;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.RequestFlags;
import io.switchboard.transport.aeron.server.InboundRequest;
import io.switchboard.transport.aeron.server.Leadable;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Responder;
import io.switchboard.transport.serial.PayloadException;
import io.switchboard.transport.serial.PayloadRejectedException;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The provider's serving path: exports the first constructed instance of each provided service
 * (registering it), and answers requests: check service and method on the thread that polls the
 * server, then decode, invoke and reply on a worker. An idle worker polls the server itself
 * (leader/followers, see {@link Workers}), so a call usually runs on the thread that read it.
 * <p>
 * Hot path: no allocation per request beyond the user's objects (decoded arguments, result) and what Kryo
 * makes while decoding: services and methods are found by primitive id, and the hand-off to a worker is a
 * pooled {@code ServedCall} holding a copy of the payload in its reused buffer.
 */
public final class ServingPath implements RequestHandler, AutoCloseable
{
    private final SwitchboardConfig config;
    private final ServiceRegistry registry;
    private final Supplier<Endpoint> endpoint;
    private final AgentLog log;
    private final Workers workers;
    // Copy on write (under this), read without boxing or locking by the threads that read requests.
    private volatile Int2ObjectHashMap<ExportedService> exported = new Int2ObjectHashMap<>();
    // Reusable hand-offs of a request to a worker; beyond this many admitted at once, calls allocate their own.
    private final ManyToManyConcurrentArrayQueue<ServedCall> idleCalls = new ManyToManyConcurrentArrayQueue<>(256);
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final ServingCounters counters = new ServingCounters();
    private final RejectionLog rejections;
    private volatile boolean shuttingDown;

    /**
     * @param config   the configuration.
     * @param registry where exported services are registered.
     * @param endpoint the server's endpoint, known once the server runs.
     * @param log      the agent's log.
     */
    public ServingPath(
        final SwitchboardConfig config,
        final ServiceRegistry registry,
        final Supplier<Endpoint> endpoint,
        final AgentLog log)
    {
        this.config = config;
        this.registry = registry;
        this.endpoint = endpoint;
        this.log = log;
        this.rejections = new RejectionLog(log);
        // balanced: the idle worker that leads the server yields for the next request for 250 µs, longer than a
        // loopback UDP round trip (back-to-back calls skip a thread wake-up; with 50 µs sync UDP p50 rose by 80 µs), then parks for at most 100 µs at a time (as the polling thread does), and after
        // 10 ms without a request leaves the polling to the polling thread; low-latency: it busy-spins for a second.
        final boolean lowLatency = config.profile() == Profile.LOW_LATENCY;
        final long spinNs = lowLatency ? TimeUnit.SECONDS.toNanos(1) : TimeUnit.MICROSECONDS.toNanos(250);
        this.workers = new Workers(config.providerMaxConcurrent(), config.providerMaxQueued(), spinNs, !lowLatency,
            lowLatency ? spinNs : TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * Exports the first constructed instance of a provided service and registers it. Called on the
     * constructing thread by the instrumentation.
     *
     * @param service  the service.
     * @param instance its first constructed instance.
     */
    public void export(final RemoteService service, final Object instance)
    {
        try
        {
            final int serviceId = MethodId.serviceId(service.name(), service.version());
            final ExportedService export = new ExportedService(
                service, instance, Payloads.serializerFor(service, config.serializationAllow(), config.maxMessageBytes()));
            if (!exportOnce(serviceId, export))
            {
                return; // the same service from another class loader was exported first
            }
            final Endpoint at = endpoint.get();
            final ProviderRecord.Builder builder = ProviderRecord.builder(service.name())
                .version(service.version())
                .endpoint(at.toString())
                .methodTableHash(export.tableHash)
                .weight(config.weight())
                .attribute("process", config.serviceName());
            if (!CurrentProcess.pidNamespace().isEmpty())
            {
                // Lets a consumer on this host notice at once that this process exited (ProviderProcess).
                builder.attribute(CurrentProcess.PID_NAMESPACE_ATTRIBUTE, CurrentProcess.pidNamespace());
            }
            final ProviderRecord record = builder.build();
            registrations.add(registry.register(record));
            log.line("switchboard: serving " + service.name() + versionText(service) + " from " +
                instance.getClass().getName() + " at " + at.udpEndpoint() + " (" + registry.describe() + ")");
        }
        catch (final RuntimeException ex)
        {
            log.error("cannot export " + service.name() + " from " + instance.getClass().getName(), ex);
        }
    }

    private synchronized boolean exportOnce(final int serviceId, final ExportedService export)
    {
        if (exported.containsKey(serviceId))
        {
            return false;
        }
        final Int2ObjectHashMap<ExportedService> now = new Int2ObjectHashMap<>(exported);
        now.put(serviceId, export);
        exported = now;
        return true;
    }

    @Override
    public void serverStarted(final Leadable server)
    {
        workers.lead(server);
    }

    @Override
    public void serverStopped(final Leadable server)
    {
        workers.unlead(server);
    }

    @Override
    public void onRequest(final InboundRequest request, final Responder responder)
    {
        final long correlationId = request.correlationId();
        if (shuttingDown)
        {
            counters.shuttingDown.incrementAndGet();
            responder.replyError(correlationId, CallStatus.SHUTTING_DOWN,
                "provider pid " + ProcessHandle.current().pid() + " is shutting down and has deregistered; " +
                    "the call did not run (the consumer re-sends it to another provider)");
            return;
        }
        final ExportedService service = exported.get(request.serviceId());
        if (null == service)
        {
            responder.replyError(correlationId, CallStatus.UNKNOWN_SERVICE, "this provider serves no service with id " +
                request.serviceId() + " (it serves " + servedNames() + ")");
            return;
        }
        final ExportedService.Invocable method = service.method(request.methodId());
        if (null == method)
        {
            responder.replyError(correlationId, CallStatus.UNKNOWN_METHOD, service.service.name() +
                " on this provider has no method with id " + Long.toHexString(request.methodId()));
            return;
        }
        // The request is only valid during this call: take what the worker needs (payload, trace context) first.
        ServedCall call = idleCalls.poll();
        if (null == call)
        {
            call = new ServedCall();
        }
        call.take(service, method, request, RpcTracing.current(), responder);
        final boolean admitted = workers.tryExecute(call);
        if (!admitted)
        {
            call.release();
            counters.overloaded.incrementAndGet();
            responder.replyError(correlationId, CallStatus.OVERLOADED, "provider pid " + ProcessHandle.current().pid() +
                " is overloaded: " + workers.describe() + "; the call did not run (the consumer re-sends it to " +
                "another provider)");
        }
    }

    /**
     * One request handed to a worker: what it needs of the request, copied on the reading thread into
     * reused fields. Back in the pool once the method has been invoked (an asynchronous method's reply
     * needs none of it).
     */
    private final class ServedCall implements Runnable
    {
        private final PayloadCopy payload = new PayloadCopy();
        private ExportedService service;
        private ExportedService.Invocable method;
        private long correlationId;
        private long deadlineNs;
        private String source;
        private Responder responder;
        private RpcTracing tracing;
        private String traceparent;
        private String tracestate;
        private String baggage;
        private boolean sampled;

        void take(
            final ExportedService service, final ExportedService.Invocable method, final InboundRequest request,
            final RpcTracing tracing, final Responder responder)
        {
            payload.copyFrom(request.payload(), 0, request.payloadLength());
            this.service = service;
            this.method = method;
            this.correlationId = request.correlationId();
            this.deadlineNs = request.deadlineNs();
            this.source = request.source();
            this.responder = responder;
            this.tracing = tracing;
            this.traceparent = null == tracing ? null : request.traceparent();
            this.tracestate = null == tracing ? null : request.tracestate();
            this.baggage = null == tracing ? null : request.baggage();
            this.sampled = (request.flags() & RequestFlags.SAMPLED) != 0;
        }

        @Override
        public void run()
        {
            try
            {
                if (null == tracing)
                {
                    invoke(service, method, payload.buffer(), deadlineNs, correlationId, source, responder);
                    return;
                }
                final Endpoint at = endpoint.get();
                final ServerSpan span = tracing.startServer(service.service.name(), method.remote().name(),
                    traceparent, tracestate, baggage, sampled, at.host(), at.port()).wrap(responder);
                try (TraceScope ignored = span.makeCurrent())
                {
                    invoke(service, method, payload.buffer(), deadlineNs, correlationId, source, span);
                }
            }
            finally
            {
                release();
            }
        }

        void release()
        {
            service = null;
            method = null;
            source = null;
            responder = null;
            tracing = null;
            traceparent = null;
            tracestate = null;
            baggage = null;
            payload.trim();
            idleCalls.offer(this); // dropped when the pool is full
        }
    }

    private void invoke(
        final ExportedService service,
        final ExportedService.Invocable method,
        final DirectBuffer payload,
        final long deadlineNs,
        final long correlationId,
        final String source,
        final Responder responder)
    {
        if (System.nanoTime() - deadlineNs > 0)
        {
            counters.expired.incrementAndGet();
            responder.replyError(correlationId, CallStatus.DEADLINE_EXCEEDED,
                "the caller's deadline passed before " + method.remote() + " could start on provider pid " +
                    ProcessHandle.current().pid() + " (" + workers.describe() + "); it did not run");
            return;
        }
        final Object[] args;
        try
        {
            args = service.serializer.readArguments(payload, 0, payload.capacity());
        }
        catch (final PayloadRejectedException ex)
        {
            counters.payloadsRejected.incrementAndGet();
            rejections.refused(method.remote(), source, responder.clientId(), ex);
            responder.replyError(correlationId, CallStatus.PAYLOAD_REJECTED, ex.getMessage());
            return;
        }
        catch (final PayloadException ex)
        {
            responder.replyError(correlationId, CallStatus.BAD_REQUEST, ex.getMessage());
            return;
        }

        final Object result;
        counters.started.incrementAndGet();
        ServingDeadline.begin(deadlineNs); // nested calls inherit what remains
        try
        {
            result = method.reflective().invoke(service.instance, args);
        }
        catch (final InvocationTargetException ex)
        {
            replyThrowable(service, correlationId, responder, ex.getCause());
            return;
        }
        catch (final IllegalAccessException | IllegalArgumentException ex)
        {
            responder.replyError(correlationId, CallStatus.BAD_REQUEST,
                "arguments do not fit " + method.remote() + ": " + ex.getMessage());
            return;
        }
        finally
        {
            ServingDeadline.end();
        }

        if (method.remote().isAsync() && result instanceof CompletionStage<?> stage)
        {
            stage.whenComplete((value, failure) ->
            {
                if (null != failure)
                {
                    replyThrowable(service, correlationId, responder, unwrap(failure));
                }
                else
                {
                    replyResult(service, method, correlationId, responder, value);
                }
            });
            return;
        }
        replyResult(service, method, correlationId, responder, result);
    }

    private void replyResult(
        final ExportedService service,
        final ExportedService.Invocable method,
        final long correlationId,
        final Responder responder,
        final Object result)
    {
        final ExpandableDirectByteBuffer buffer = Payloads.buffer();
        final int length;
        try
        {
            length = service.serializer.writeResult(buffer, 0, method.remote().isVoid() ? null : result);
        }
        catch (final PayloadException ex)
        {
            responder.replyError(correlationId, CallStatus.INTERNAL_ERROR,
                "the provider ran " + method.remote() + " but cannot send its result: " + ex.getMessage());
            return;
        }
        responder.reply(correlationId, CallStatus.OK, buffer, 0, length);
    }

    private void replyThrowable(
        final ExportedService service, final long correlationId, final Responder responder, final Throwable thrown)
    {
        if (responder instanceof ServerSpan span)
        {
            span.failed(thrown);
        }
        final ExpandableDirectByteBuffer buffer = Payloads.buffer();
        final int length;
        try
        {
            length = service.serializer.writeThrowable(buffer, 0, thrown);
        }
        catch (final PayloadException ex)
        {
            responder.replyError(correlationId, CallStatus.INTERNAL_ERROR,
                "the provider threw " + thrown + " and cannot send it: " + ex.getMessage());
            return;
        }
        responder.reply(correlationId, CallStatus.APPLICATION_ERROR, buffer, 0, length);
    }

    private static Throwable unwrap(final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && null != cause.getCause())
        {
            cause = cause.getCause();
        }
        return cause;
    }

    // Synchronized: the map's value view shares one iterator (error path only).
    private synchronized String servedNames()
    {
        return exported.values().stream().map(s -> s.service.name() + versionText(s.service)).sorted().toList().toString();
    }

    private static String versionText(final RemoteService service)
    {
        return service.version().isEmpty() ? "" : " (version \"" + service.version() + "\")";
    }

    /**
     * @return what this provider did with the requests it received.
     */
    public ServingCounters counters()
    {
        return counters;
    }

    /**
     * Shuts down gracefully: deregisters every exported service first, so consumers stop choosing
     * this provider; then, for {@code switchboard.shutdown.grace.ms}, refuses new requests with
     * {@code SHUTTING_DOWN} (they did not run, so consumers that have not yet seen the
     * deregistration re-send them elsewhere) while running calls finish; then stops the workers.
     * The caller closes the server afterwards.
     */
    @Override
    public void close()
    {
        final boolean serving = !registrations.isEmpty();
        for (final Registration registration : registrations)
        {
            registration.close();
        }
        registrations.clear();
        shuttingDown = true;
        final long graceMs = config.shutdownGraceMillis();
        if (serving && graceMs > 0)
        {
            log.line("switchboard: shutting down: deregistered; running calls finish and new ones are refused " +
                "for " + graceMs + " ms (switchboard.shutdown.grace.ms)");
            // Wait the whole grace, not just for running calls: consumers learn of the deregistration
            // only through the registry, and until then a closed server would leave their calls hanging.
            try
            {
                Thread.sleep(graceMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        workers.close();
        if (serving)
        {
            log.line("switchboard: stopped serving; " + counters + " (consumers re-send refused calls elsewhere)");
        }
    }
}
