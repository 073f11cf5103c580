package io.switchboard.agent.trace;

import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.server.Responder;
import org.agrona.DirectBuffer;

/**
 * The SERVER span of one execution on the provider. It wraps the call's {@link Responder}: the span
 * ends when the reply is sent, whatever path sends it (success, the method's exception, a protocol
 * error, or later for an asynchronous method). When the caller did not sample the call this holds
 * only the caller's context (trace and baggage), so nested calls keep the decision, and does no span work.
 */
public final class ServerSpan implements Responder
{
    private final TraceApi api;
    private final Object span;
    private final Object context;
    private final boolean recording;
    private Responder delegate;

    /**
     * @param api     the API the span was made with.
     * @param span    the span, or {@code null} when the caller did not sample.
     * @param context the context to make current: the caller's, with {@code span} when there is one.
     */
    ServerSpan(final TraceApi api, final Object span, final Object context)
    {
        this.api = api;
        this.span = span;
        this.context = context;
        this.recording = null != span && api.isRecording(span);
    }

    /**
     * @param responder where the reply goes.
     * @return this, replying through {@code responder} and ending the span on the reply.
     */
    public ServerSpan wrap(final Responder responder)
    {
        this.delegate = responder;
        return this;
    }

    /**
     * Makes the span (and the caller's baggage) current on this thread, so calls the method makes
     * continue the trace.
     *
     * @return the scope to close when the method returns.
     */
    public TraceScope makeCurrent()
    {
        return api.makeCurrent(context);
    }

    /**
     * Records the exception the method threw; the span ends with the reply that carries it.
     *
     * @param thrown the method's exception.
     */
    public void failed(final Throwable thrown)
    {
        if (recording)
        {
            api.recordException(span, thrown);
            api.setAttribute(span, RpcAttributes.ERROR_TYPE, thrown.getClass().getName());
            api.setError(span, String.valueOf(thrown.getMessage()));
        }
    }

    @Override
    public boolean reply(
        final long correlationId, final CallStatus status, final DirectBuffer payload, final int offset, final int length)
    {
        try
        {
            return delegate.reply(correlationId, status, payload, offset, length);
        }
        finally
        {
            end(status);
        }
    }

    @Override
    public boolean replyError(final long correlationId, final CallStatus status, final String message)
    {
        if (recording)
        {
            api.setAttribute(span, RpcAttributes.ERROR_TYPE, status.name());
            api.setError(span, message);
        }
        try
        {
            return delegate.replyError(correlationId, status, message);
        }
        finally
        {
            end(status);
        }
    }

    @Override
    public long clientId()
    {
        return delegate.clientId();
    }

    @Override
    public boolean isConnected()
    {
        return delegate.isConnected();
    }

    private void end(final CallStatus status)
    {
        if (recording)
        {
            api.setAttribute(span, RpcAttributes.RPC_RESPONSE_STATUS_CODE, status.name());
            api.end(span);
        }
    }
}
