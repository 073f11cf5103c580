package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.call.balance.Balancers;
import io.switchboard.agent.call.balance.Target;
import io.switchboard.agent.call.breaker.BreakerSettings;
import io.switchboard.agent.call.breaker.CircuitBreaker;
import io.switchboard.agent.call.outcome.CallOutcomes;
import io.switchboard.agent.call.outcome.Outcome;
import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.agent.payload.PayloadCopy;
import io.switchboard.agent.payload.Payloads;
import io.switchboard.agent.registry.NoProviderMessage;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.serve.ServingDeadline;
import io.switchboard.agent.trace.ClientSpan;
import io.switchboard.agent.trace.RpcTracing;
import io.switchboard.agent.trace.TraceScope;
import io.switchboard.api.NoProviderException;
import io.switchboard.api.RpcException;
import io.switchboard.bootstrap.Dispatch;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.RequestFlags;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Reply;
import io.switchboard.transport.aeron.client.ReplyListener;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.serial.PayloadException;
import io.switchboard.transport.serial.PayloadSerializer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The consumer's side of one service: serializes a call, picks a provider, sends, waits and
 * decodes; re-sends a call that provably did not run (or an {@code @Idempotent} one that may have)
 * to another provider within the call's deadline.
 *
 * <p>Each attempt's provider comes from the configured load balancer ({@link ProviderChoice}); its
 * outcome feeds that provider's circuit breaker; each call's outcome is counted ({@link CallOutcomes});
 * when no provider can take a call, the service's {@link ServiceFallback} answers if there is one.
 *
 * <p>Hot path: {@link #call} allocates only what serialization of the user's objects needs: the
 * transport's reply and the attempt bookkeeping are the thread's, reused ({@link SyncScratch}).
 * {@link #callAsync} adds the user's future; its state is a pooled {@code AsyncCall}.
 */
final class ServiceCalls implements AutoCloseable
{
    private static final int ASYNC_POOL = 256;
    private final RemoteService service;
    private final ServiceKey key;
    private final int serviceId;
    private final long defaultTimeoutMs;
    private final int retries;
    private final ServiceFallback fallback;
    private final ServiceRegistry registry;
    private final TransportHandle transport;
    private final PayloadSerializer serializer;
    private final ProviderChoice providers;
    private final Executor callbacks;
    private final AgentLog log;
    private volatile CallOutcomes outcomes;
    // Reusable state of asynchronous calls; beyond this many in flight, calls allocate their own.
    private final ManyToManyConcurrentArrayQueue<AsyncCall> idleCalls = new ManyToManyConcurrentArrayQueue<>(ASYNC_POOL);

    ServiceCalls(
        final RemoteService service,
        final SwitchboardConfig config,
        final ServiceRegistry registry,
        final TransportHandle transport,
        final Executor callbacks,
        final AgentLog log)
    {
        this.service = service;
        this.key = ServiceKey.of(service.name(), service.version());
        this.serviceId = MethodId.serviceId(service.name(), service.version());
        this.defaultTimeoutMs = service.timeoutMillis() > 0 ? service.timeoutMillis() : config.timeoutMillis();
        this.retries = config.retries();
        this.fallback = ServiceFallback.of(service, config, log);
        this.registry = registry;
        this.transport = transport;
        this.callbacks = callbacks;
        this.log = log;
        this.serializer = Payloads.serializerFor(service, config.serializationAllow(), config.maxMessageBytes());
        // Connect to each provider as soon as it is known, so a first call does not pay for the handshake.
        this.providers = new ProviderChoice(key, registry, Balancers.create(config.loadBalance()),
            BreakerSettings.from(config), config.get(ConfigKeys.WARMUP_MS) * 1_000_000L, log,
            target -> transport.whenReady(aeron -> target.session(aeron.connect(target.endpoint()))));
    }

    RemoteService service()
    {
        return service;
    }

    /**
     * @return {@code true} when no provider is known and {@code switchboard.fallback=local}: an
     * asynchronous call must then run its body before a future is handed out.
     */
    boolean runsLocallyNow()
    {
        return fallback.isLocal() && 0 == providers.size();
    }

    /**
     * @param target the receiver of an intercepted call.
     * @return {@code true} when it is this service's fallback instance, whose methods run locally.
     */
    boolean isFallbackInstance(final Object target)
    {
        return fallback.isInstance(target);
    }

    /**
     * @return this service's outcome counters, or {@code null} before its first call.
     */
    CallOutcomes outcomesIfAny()
    {
        return outcomes;
    }

    /**
     * Performs a synchronous call.
     *
     * @return the result, or {@link Dispatch#RUN_LOCALLY} when no provider is reachable and
     * {@code switchboard.fallback=local}.
     * @throws Throwable what the caller should see: the provider's exception or an {@code RpcException}.
     */
    Object call(final RemoteMethod method, final Object[] args) throws Throwable
    {
        final RpcTracing tracing = RpcTracing.current();
        if (null == tracing)
        {
            return call(method, args, null);
        }
        final ClientSpan span = tracing.startClient(service.name(), method.name());
        try
        {
            final Object result = call(method, args, span);
            span.end(null);
            return result;
        }
        catch (final Throwable ex)
        {
            span.end(ex);
            throw ex;
        }
    }

    private Object call(final RemoteMethod method, final Object[] args, final ClientSpan span) throws Throwable
    {
        final SyncScratch scratch = SyncScratch.take();
        try
        {
            return call(method, args, span, scratch);
        }
        finally
        {
            scratch.release();
        }
    }

    private Object call(final RemoteMethod method, final Object[] args, final ClientSpan span, final SyncScratch scratch)
        throws Throwable
    {
        final ExpandableDirectByteBuffer buffer = Payloads.buffer();
        final int length = writeArguments(method, buffer, args);
        final int flags = (method.isIdempotent() ? RequestFlags.IDEMPOTENT : 0) | sampledFlag(span);
        final String traceparent = null == span ? null : span.traceparent();
        final String tracestate = null == span ? null : span.tracestate();
        final String baggage = null == span ? null : span.baggage();
        // The deadline starts once the transport runs: its one-time launch is not the call's cost.
        final AeronTransport aeron = transport.get();
        final CallOutcomes outcomes = outcomes(aeron);
        final long timeoutMs = timeoutMs(method);
        final long ownDeadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        // A provider's method calling this service passes on what remains of its own caller's deadline.
        final long deadlineNs = ServingDeadline.cap(ownDeadlineNs);
        final Attempts attempts = scratch.attempts.reset(method, timeoutMs, providers.size(), retries, outcomes);
        final Reply response = scratch.reply;
        while (true)
        {
            final long nowNs = System.nanoTime();
            final long remainingNs = deadlineNs - nowNs;
            if (remainingNs <= 0)
            {
                throw attempts.end(deadlineNs != ownDeadlineNs ?
                    ServingDeadline.passed(Failures.call(method)) : Failures.timeout(method, timeoutMs));
            }
            final Target target = attempts.begin() ? providers.next(nowNs, attempts.tried(), args) : null;
            if (null == target)
            {
                return noProvider(method, args, attempts, outcomes, span);
            }

            final long attemptNs = attempts.attemptNs(remainingNs);
            final ClientSession session;
            target.sent();
            try
            {
                session = aeron.connect(target.endpoint(), nowNs + attemptNs); // waits out a driver re-attach
                target.session(session);
                session.callInto(
                    serviceId, method.id(), flags, traceparent, tracestate, baggage, buffer, 0, length, attemptNs,
                    response);
            }
            catch (final RuntimeException ex)
            {
                target.completed();
                recordHealth(target, nowNs, CallStatus.NOT_DELIVERED, span);
                outcomes.count(Outcome.FAILED);
                throw ex;
            }
            target.completed();
            final CallStatus status = response.status();
            recordAttempt(target, session, nowNs, status, span);
            if (CallStatus.OK == status)
            {
                outcomes.count(Outcome.OK);
                return readResult(method, response.payload(), response.payloadLength());
            }
            if (CallStatus.APPLICATION_ERROR == status)
            {
                outcomes.count(Outcome.OK);
                throw readThrowable(response.payload(), response.payloadLength(), target);
            }
            if (!attempts.retryAfter(target, nowNs, response.toResponse()))
            {
                throw attempts.end(null);
            }
        }
    }

    /**
     * Starts an asynchronous call; the future completes on a Switchboard callback thread, never on
     * the transport's polling thread. The call's state is a pooled {@link AsyncCall}: besides the future
     * (the user's result object) nothing is allocated per call once the pool is warm.
     */
    CompletableFuture<Object> callAsync(final RemoteMethod method, final Object[] args)
    {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        AsyncCall call = idleCalls.poll();
        if (null == call)
        {
            call = new AsyncCall();
        }
        final ClientSpan span;
        try
        {
            call.writePayload(method, args); // into the call's own bytes: a retry re-sends them
            final RpcTracing tracing = RpcTracing.current();
            span = null == tracing ? null : tracing.startClient(service.name(), method.name());
        }
        catch (final Throwable ex)
        {
            call.release();
            future.completeExceptionally(ex);
            return future;
        }
        if (null != span)
        {
            future.whenComplete((value, failure) -> span.end(failure));
        }
        call.start(method, args, timeoutMs(method), future, span);
        call.attempt(); // never throws; from here on the call may already be complete and reused
        return future;
    }

    /**
     * The state of one asynchronous call across its attempts, reused by later calls once its future is
     * complete. It is its own transport listener and its own callback task: the reply is decoded where the
     * transport shows it (in the pending slot's buffer, on the polling thread: no copy), and the rest
     * (circuit breaker, counters, retry, completing the future) runs on a callback thread, so the user's
     * callbacks never run on the polling thread.
     * <p>
     * Owned by one thread at a time: the caller until the transport has the attempt, then the transport's
     * listener, then the callback thread; after {@link #finish} nobody but the next caller touches it.
     */
    private final class AsyncCall implements ReplyListener, Runnable
    {
        private final Attempts attempts = new Attempts(null, 0, 0, 0, null);
        private final PayloadCopy payload = new PayloadCopy();
        private RemoteMethod method;
        private Object[] args;
        private long timeoutMs;
        private CompletableFuture<Object> future;
        private ClientSpan span;
        private long deadlineNs;
        private boolean capped; // the deadline is the served call's, shorter than this call's own
        private CallOutcomes outcomes;
        // The attempt in flight.
        private Target target;
        private ClientSession session;
        private long sentNs;
        // Its outcome, set by the listener before the callback task is handed over.
        private CallStatus status;
        private Object value;
        private Throwable failure;
        private Response response;

        void writePayload(final RemoteMethod method, final Object[] args)
        {
            final ExpandableDirectByteBuffer buffer = Payloads.buffer();
            payload.copyFrom(buffer, 0, writeArguments(method, buffer, args));
        }

        void start(
            final RemoteMethod method, final Object[] args, final long timeoutMs, final CompletableFuture<Object> future,
            final ClientSpan span)
        {
            this.method = method;
            this.args = args;
            this.timeoutMs = timeoutMs;
            this.future = future;
            this.span = span;
            this.deadlineNs = Long.MIN_VALUE;
        }

        // Sends the next attempt, or finishes the call. Never throws.
        void attempt()
        {
            try
            {
                final AeronTransport aeron = transport.get();
                final long nowNs = System.nanoTime();
                if (Long.MIN_VALUE == deadlineNs)
                {
                    final long ownDeadlineNs = nowNs + timeoutMs * 1_000_000L; // from the transport's launch on
                    // A provider's method calling this service passes on what remains of its own caller's deadline.
                    deadlineNs = ServingDeadline.cap(ownDeadlineNs);
                    capped = deadlineNs != ownDeadlineNs;
                    outcomes = outcomes(aeron);
                    attempts.reset(method, timeoutMs, providers.size(), retries, outcomes);
                }
                final long remainingNs = deadlineNs - nowNs;
                if (remainingNs <= 0)
                {
                    finish(null, attempts.end(capped ?
                        ServingDeadline.passed(Failures.call(method)) : Failures.timeout(method, timeoutMs)));
                    return;
                }
                final Target chosen = attempts.begin() ? providers.next(nowNs, attempts.tried(), args) : null;
                if (null == chosen)
                {
                    noProviderAsync();
                    return;
                }
                send(aeron, chosen, nowNs, attempts.attemptNs(remainingNs));
            }
            catch (final Throwable ex)
            {
                finish(null, ex);
            }
        }

        private void send(final AeronTransport aeron, final Target chosen, final long nowNs, final long attemptNs)
        {
            final int flags = (method.isIdempotent() ? RequestFlags.IDEMPOTENT : 0) | sampledFlag(span);
            chosen.sent();
            final ClientSession chosenSession;
            try
            {
                chosenSession = aeron.connect(chosen.endpoint());
                chosen.session(chosenSession);
            }
            catch (final RuntimeException ex)
            {
                notSent(chosen, nowNs, ex);
                return;
            }
            target = chosen;
            session = chosenSession;
            sentNs = nowNs;
            try
            {
                chosenSession.callAsyncView(
                    serviceId, method.id(), flags, null == span ? null : span.traceparent(),
                    null == span ? null : span.tracestate(), null == span ? null : span.baggage(), payload.buffer(), 0,
                    payload.length(), attemptNs, this);
            }
            catch (final RuntimeException ex) // the transport did not take the call: the listener is not called
            {
                notSent(chosen, nowNs, ex);
            }
        }

        private void notSent(final Target chosen, final long nowNs, final RuntimeException ex)
        {
            chosen.completed();
            recordHealth(chosen, nowNs, CallStatus.NOT_DELIVERED, span);
            outcomes.count(Outcome.FAILED);
            finish(null, ex);
        }

        // On the thread that completes the transport call: read the reply before its slot serves another call.
        @Override
        public void onReply(final long correlationId, final Reply reply)
        {
            try
            {
                status = reply.status();
                if (CallStatus.OK == status)
                {
                    value = readResult(method, reply.payload(), reply.payloadLength());
                }
                else if (CallStatus.APPLICATION_ERROR == status)
                {
                    failure = readThrowable(reply.payload(), reply.payloadLength(), target);
                }
                else
                {
                    response = reply.toResponse(); // a failure, judged for a retry on the callback thread
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
            try
            {
                callbacks.execute(this);
            }
            catch (final RejectedExecutionException ex) // shutting down: complete here rather than never
            {
                run();
            }
        }

        // On a callback thread: the caller's callbacks on the future run here, with the caller's context.
        @Override
        public void run()
        {
            final ClientSpan s = span;
            try (TraceScope ignored = null == s ? null : s.restoreCallerContext())
            {
                settle();
            }
        }

        private void settle()
        {
            Object result = null;
            Throwable thrown = null;
            try
            {
                target.completed();
                recordAttempt(target, session, sentNs, status, span);
                if (CallStatus.OK == status || CallStatus.APPLICATION_ERROR == status)
                {
                    outcomes.count(Outcome.OK);
                    result = value;
                    thrown = failure;
                }
                else if (attempts.retryAfter(target, sentNs, response))
                {
                    clearOutcome();
                    attempt();
                    return;
                }
                else
                {
                    thrown = attempts.end(null);
                }
            }
            catch (final Throwable ex)
            {
                thrown = ex;
            }
            finish(result, thrown);
        }

        private void noProviderAsync()
        {
            if (fallback.isActive() && !fallback.isLocal())
            {
                final Object result;
                try
                {
                    result = answerByFallback(method, args, outcomes, span);
                }
                catch (final Throwable ex)
                {
                    finish(null, ex);
                    return;
                }
                if (result instanceof CompletionStage<?> stage)
                {
                    final CompletableFuture<Object> f = future;
                    release();
                    stage.whenComplete((v, t) ->
                    {
                        if (null != t)
                        {
                            f.completeExceptionally(t);
                        }
                        else
                        {
                            f.complete(v);
                        }
                    });
                    return;
                }
                finish(result, null);
                return;
            }
            finish(null, failNoProvider(method, attempts, outcomes, span));
        }

        // Completes the future after giving this back to the pool: the future's callbacks may start new calls.
        private void finish(final Object result, final Throwable thrown)
        {
            final CompletableFuture<Object> f = future;
            release();
            if (null != thrown)
            {
                f.completeExceptionally(thrown);
            }
            else
            {
                f.complete(result);
            }
        }

        private void clearOutcome()
        {
            status = null;
            value = null;
            failure = null;
            response = null;
            target = null;
            session = null;
        }

        void release()
        {
            clearOutcome();
            method = null;
            args = null;
            future = null;
            span = null;
            outcomes = null;
            attempts.reset(null, 0, 0, 0, null);
            payload.trim();
            idleCalls.offer(this); // dropped when the pool is full
        }
    }

    private void recordAttempt(
        final Target target, final ClientSession session, final long sentNs, final CallStatus status,
        final ClientSpan span)
    {
        if (null != span)
        {
            span.attempt(target.endpoint().host(), target.endpoint().port(), session.isIpc(), target.record().pid(),
                status.name());
        }
        recordHealth(target, sentNs, status, span);
    }

    /**
     * Tells the provider's circuit breaker how the attempt went: transport failures count against
     * it, every answer (even the method's own exception) for it. A failure while this process's own media
     * driver is lost is not the provider's: it counts for nothing, else the circuit, opened while the transport
     * re-attaches (seconds on a loaded host), keeps refusing calls for {@code breaker.open.ms} after it re-attached.
     */
    private void recordHealth(final Target target, final long sentNs, final CallStatus status, final ClientSpan span)
    {
        final boolean failed = isTransportFailure(status);
        if (failed && isDriverLost())
        {
            return;
        }
        final CircuitBreaker.State changed = failed ?
            target.breaker().onFailure(System.nanoTime(), status.name()) : target.breaker().onSuccess();
        if (null != changed && null != span)
        {
            span.circuit(target.record().pid(), changed.name());
        }
    }

    static boolean isTransportFailure(final CallStatus status)
    {
        return switch (status)
        {
            case NOT_DELIVERED, CONNECTION_LOST, TIMEOUT, OVERLOADED, SHUTTING_DOWN, DEADLINE_EXCEEDED -> true;
            default -> false;
        };
    }

    private CallOutcomes outcomes(final AeronTransport aeron)
    {
        final CallOutcomes current = outcomes;
        return null != current ? current : createOutcomes(aeron);
    }

    private synchronized CallOutcomes createOutcomes(final AeronTransport aeron)
    {
        if (null == outcomes)
        {
            try
            {
                outcomes = CallOutcomes.published(service.name(), aeron, ProcessHandle.current().pid());
            }
            catch (final RuntimeException ex)
            {
                log.warn("the call counters of " + service.name() + " could not be published in the media driver (" +
                    ex + "); the services command will not show them");
                outcomes = CallOutcomes.local(service.name());
            }
        }
        return outcomes;
    }

    private static int sampledFlag(final ClientSpan span)
    {
        return null != span && span.sampled() ? RequestFlags.SAMPLED : 0;
    }

    private long timeoutMs(final RemoteMethod method)
    {
        return method.timeoutMillis() > 0 ? method.timeoutMillis() : defaultTimeoutMs;
    }

    private int writeArguments(final RemoteMethod method, final ExpandableDirectByteBuffer buffer, final Object[] args)
    {
        try
        {
            return serializer.writeArguments(buffer, 0, args);
        }
        catch (final PayloadException ex)
        {
            throw new RpcException("cannot send the arguments of " + Failures.call(method) + ": " + ex.getMessage() +
                "; only classes named by the @Remote interface's signatures (and switchboard.serialization.allow) " +
                "may cross the wire", ex);
        }
    }

    private Object readResult(final RemoteMethod method, final DirectBuffer payload, final int length)
    {
        if (method.isVoid())
        {
            return null;
        }
        try
        {
            return serializer.readResult(payload, 0, length);
        }
        catch (final PayloadException ex)
        {
            throw new RpcException("cannot read the result of " + Failures.call(method) + ": " + ex.getMessage(), ex);
        }
    }

    private Throwable readThrowable(final DirectBuffer payload, final int length, final Target target)
    {
        return serializer.rebuildOrWrap(serializer.readThrowable(payload, 0, length), target.describe());
    }

    private Object noProvider(
        final RemoteMethod method, final Object[] args, final Attempts attempts, final CallOutcomes outcomes,
        final ClientSpan span) throws Throwable
    {
        if (fallback.isActive())
        {
            return answerByFallback(method, args, outcomes, span);
        }
        throw failNoProvider(method, attempts, outcomes, span);
    }

    private Object answerByFallback(
        final RemoteMethod method, final Object[] args, final CallOutcomes outcomes, final ClientSpan span)
        throws Throwable
    {
        outcomes.count(Outcome.FALLBACK);
        if (null != span)
        {
            span.fallback(fallback.describe());
        }
        return fallback.invoke(method, args);
    }

    // Only after a failure: a volatile read.
    private boolean isDriverLost()
    {
        try
        {
            return null != transport.get().driverLost();
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * @return why this process cannot send at all, when its media driver is gone (the circuits opened on the
     * failures that followed, and would otherwise hide the cause), else empty.
     */
    private String driverLost()
    {
        try
        {
            final String lost = transport.get().driverLost();
            return null == lost ? "" : "; " + lost;
        }
        catch (final RuntimeException ex)
        {
            return "";
        }
    }

    /**
     * Counts and builds the failure of a call that no provider could take: every circuit open
     * (rejected), or none registered or all attempts failed.
     */
    private RuntimeException failNoProvider(
        final RemoteMethod method, final Attempts attempts, final CallOutcomes outcomes, final ClientSpan span)
    {
        final RuntimeException lastFailure = attempts.lastFailure();
        if (null != lastFailure)
        {
            outcomes.count(attempts.finalOutcome());
            return new NoProviderException("no provider of " + key + " could take " + Failures.call(method) +
                "; last failure: " + lastFailure.getMessage(), lastFailure);
        }
        final int registered = providers.size();
        if (registered > 0 && providers.gone() == registered)
        {
            outcomes.count(Outcome.FAILED);
            return new NoProviderException("no provider of " + key + " can take " + Failures.call(method) + ": the " +
                registered + " provider(s) the registry lists ran on this host and their processes are gone; calls " +
                "resume when a provider registers");
        }
        if (registered > 0)
        {
            outcomes.count(Outcome.REJECTED);
            if (null != span)
            {
                span.circuit(0, "ALL_OPEN");
            }
            return new NoProviderException(Failures.circuitsOpen(method, key.toString(), registered) + driverLost());
        }
        outcomes.count(Outcome.FAILED);
        return new NoProviderException(NoProviderMessage.of(key, registry));
    }

    @Override
    public void close()
    {
        providers.close();
        final CallOutcomes current = outcomes;
        if (null != current)
        {
            current.close();
        }
    }
}
