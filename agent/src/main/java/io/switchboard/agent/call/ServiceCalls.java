package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.config.Fallback;
import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.method.MethodId;
import io.switchboard.agent.method.RemoteMethod;
import io.switchboard.agent.method.RemoteService;
import io.switchboard.agent.payload.Payloads;
import io.switchboard.agent.registry.NoProviderMessage;
import io.switchboard.agent.registry.ServiceKey;
import io.switchboard.agent.registry.ServiceRegistry;
import io.switchboard.agent.trace.ClientSpan;
import io.switchboard.agent.trace.RpcTracing;
import io.switchboard.api.NoProviderException;
import io.switchboard.api.RpcException;
import io.switchboard.bootstrap.Dispatch;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.RequestFlags;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.serial.PayloadException;
import io.switchboard.transport.serial.PayloadSerializer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The consumer's side of one service: serializes a call, picks a provider, sends, waits and
 * decodes; re-sends a call that provably did not run (or an {@code @Idempotent} one that may have)
 * to another provider within the call's deadline.
 *
 * <p>Hot path: {@link #call} allocates only what serialization of the user's objects needs and the
 * transport's reply.
 */
final class ServiceCalls implements AutoCloseable
{
    private final RemoteService service;
    private final ServiceKey key;
    private final int serviceId;
    private final long defaultTimeoutMs;
    private final int retries;
    private final boolean fallbackLocal;
    private final ServiceRegistry registry;
    private final TransportHandle transport;
    private final PayloadSerializer serializer;
    private final ProviderChoice providers;
    private final Executor callbacks;

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
        this.fallbackLocal = Fallback.LOCAL == config.fallback();
        this.registry = registry;
        this.transport = transport;
        this.callbacks = callbacks;
        this.serializer = Payloads.serializerFor(service, config.serializationAllow(), config.maxMessageBytes());
        // Connect to each provider as soon as it is known, so a first call does not pay for the handshake.
        this.providers = new ProviderChoice(key, registry, log,
            target -> transport.whenReady(aeron -> aeron.connect(target.endpoint)));
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
        return fallbackLocal && 0 == providers.size();
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
        final ExpandableDirectByteBuffer buffer = Payloads.buffer();
        final int length = writeArguments(method, buffer, args);
        final int flags = (method.isIdempotent() ? RequestFlags.IDEMPOTENT : 0) | sampledFlag(span);
        final String traceparent = null == span ? null : span.traceparent();
        final String tracestate = null == span ? null : span.tracestate();
        final String baggage = null == span ? null : span.baggage();
        // The deadline starts once the transport runs: its one-time launch is not the call's cost.
        final AeronTransport aeron = transport.get();
        final long timeoutMs = timeoutMs(method);
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        final Attempts attempts = new Attempts(method, timeoutMs, providers.size(), retries);
        while (true)
        {
            final long nowNs = System.nanoTime();
            final Target target = providers.next(nowNs, attempts.tried());
            if (null == target || !attempts.begin())
            {
                return noProvider(method, attempts.lastFailure());
            }
            final long remainingNs = deadlineNs - nowNs;
            if (remainingNs <= 0)
            {
                throw null != attempts.lastFailure() ? attempts.lastFailure() : Failures.timeout(method, target, timeoutMs);
            }

            final long attemptNs = attempts.attemptNs(remainingNs);
            final ClientSession session = aeron.connect(target.endpoint);
            final Response response = session.call(
                serviceId, method.id(), flags, traceparent, tracestate, baggage, buffer, 0, length, attemptNs);
            if (null != span)
            {
                span.attempt(target.endpoint.host(), target.endpoint.port(), session.isIpc(), target.record.pid(),
                    response.status().name());
            }
            if (CallStatus.OK == response.status())
            {
                return readResult(method, response);
            }
            if (CallStatus.APPLICATION_ERROR == response.status())
            {
                throw readThrowable(response, target);
            }
            if (!attempts.retryAfter(target, nowNs, response))
            {
                throw attempts.lastFailure();
            }
        }
    }

    /**
     * Starts an asynchronous call; the future completes on a Switchboard callback thread, never on
     * the transport's polling thread.
     */
    CompletableFuture<Object> callAsync(final RemoteMethod method, final Object[] args)
    {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        try
        {
            final ExpandableDirectByteBuffer buffer = Payloads.buffer();
            final int length = writeArguments(method, buffer, args);
            final byte[] payload = new byte[length];
            buffer.getBytes(0, payload);
            final RpcTracing tracing = RpcTracing.current();
            final ClientSpan span = null == tracing ? null : tracing.startClient(service.name(), method.name());
            if (null != span)
            {
                future.whenComplete((value, failure) -> span.end(failure));
            }
            new AsyncCall(method, new UnsafeBuffer(payload), timeoutMs(method), future, span).attempt();
        }
        catch (final Throwable ex)
        {
            future.completeExceptionally(ex);
        }
        return future;
    }

    private final class AsyncCall
    {
        private final RemoteMethod method;
        private final DirectBuffer payload;
        private final long timeoutMs;
        private final CompletableFuture<Object> future;
        private final ClientSpan span;
        private long deadlineNs = Long.MIN_VALUE;
        private final Attempts attempts;

        AsyncCall(final RemoteMethod method, final DirectBuffer payload, final long timeoutMs,
            final CompletableFuture<Object> future, final ClientSpan span)
        {
            this.span = span;
            this.method = method;
            this.payload = payload;
            this.timeoutMs = timeoutMs;
            this.future = future;
            this.attempts = new Attempts(method, timeoutMs, providers.size(), retries);
        }

        void attempt()
        {
            final AeronTransport aeron = transport.get();
            final long nowNs = System.nanoTime();
            if (Long.MIN_VALUE == deadlineNs)
            {
                deadlineNs = nowNs + timeoutMs * 1_000_000L; // from the transport's launch on, as for sync calls
            }
            final Target target = providers.next(nowNs, attempts.tried());
            if (null == target || !attempts.begin())
            {
                future.completeExceptionally(noProviderException(method, attempts.lastFailure()));
                return;
            }
            final long remainingNs = deadlineNs - nowNs;
            if (remainingNs <= 0)
            {
                future.completeExceptionally(
                    null != attempts.lastFailure() ? attempts.lastFailure() : Failures.timeout(method, target, timeoutMs));
                return;
            }
            final int flags = (method.isIdempotent() ? RequestFlags.IDEMPOTENT : 0) | sampledFlag(span);
            final long attemptNs = attempts.attemptNs(remainingNs);
            final ClientSession session = aeron.connect(target.endpoint);
            session.callAsync(
                serviceId, method.id(), flags, null == span ? null : span.traceparent(),
                null == span ? null : span.tracestate(), null == span ? null : span.baggage(), payload, 0,
                payload.capacity(), attemptNs,
                (correlationId, response) -> callbacks.execute(() ->
                {
                    if (null != span)
                    {
                        span.attempt(target.endpoint.host(), target.endpoint.port(), session.isIpc(),
                            target.record.pid(), response.status().name());
                    }
                    complete(target, nowNs, response);
                }));
        }

        private void complete(final Target target, final long sentNs, final Response response)
        {
            try
            {
                if (CallStatus.OK == response.status())
                {
                    future.complete(readResult(method, response));
                }
                else if (CallStatus.APPLICATION_ERROR == response.status())
                {
                    future.completeExceptionally(readThrowable(response, target));
                }
                else if (attempts.retryAfter(target, sentNs, response))
                {
                    attempt();
                }
                else
                {
                    future.completeExceptionally(attempts.lastFailure());
                }
            }
            catch (final Throwable ex)
            {
                future.completeExceptionally(ex);
            }
        }
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

    private Object readResult(final RemoteMethod method, final Response response)
    {
        if (method.isVoid())
        {
            return null;
        }
        try
        {
            return serializer.readResult(response.payload(), 0, response.payloadLength());
        }
        catch (final PayloadException ex)
        {
            throw new RpcException("cannot read the result of " + Failures.call(method) + ": " + ex.getMessage(), ex);
        }
    }

    private Throwable readThrowable(final Response response, final Target target)
    {
        return serializer.rebuildOrWrap(
            serializer.readThrowable(response.payload(), 0, response.payloadLength()), target.describe());
    }

    private Object noProvider(final RemoteMethod method, final RuntimeException lastFailure)
    {
        if (fallbackLocal)
        {
            return Dispatch.RUN_LOCALLY;
        }
        throw noProviderException(method, lastFailure);
    }

    private NoProviderException noProviderException(final RemoteMethod method, final RuntimeException lastFailure)
    {
        final String message = NoProviderMessage.of(key, registry);
        return null == lastFailure ?
            new NoProviderException(message) :
            new NoProviderException("no provider of " + key + " could take " + Failures.call(method) + "; last failure: " +
                lastFailure.getMessage(), lastFailure);
    }

    @Override
    public void close()
    {
        providers.close();
    }
}
