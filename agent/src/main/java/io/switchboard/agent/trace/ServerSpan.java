package io.switchboard.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.server.Responder;
import org.agrona.DirectBuffer;

/**
 * The SERVER span of one execution on the provider. It wraps the call's {@link Responder}: the span
 * ends when the reply is sent, whatever path sends it (success, the method's exception, a protocol
 * error, or later for an asynchronous method). When the caller did not sample the call this holds
 * only the caller's context, so nested calls keep the decision, and does no span work.
 */
public final class ServerSpan implements Responder
{
    private final Span span;
    private final Context context;
    private final boolean recording;
    private Responder delegate;

    ServerSpan(final Span span, final Context context, final boolean recording)
    {
        this.span = span;
        this.context = context;
        this.recording = recording && span.isRecording();
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
     * Makes the span current on this thread, so calls the method makes continue the trace.
     *
     * @return the scope to close when the method returns.
     */
    public TraceScope makeCurrent()
    {
        final Scope scope = context.makeCurrent();
        return scope::close;
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
            span.recordException(thrown);
            span.setAttribute(RpcAttributes.ERROR_TYPE, thrown.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(thrown.getMessage()));
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
            end();
        }
    }

    @Override
    public boolean replyError(final long correlationId, final CallStatus status, final String message)
    {
        if (recording)
        {
            span.setAttribute(RpcAttributes.ERROR_TYPE, status.name());
            span.setStatus(StatusCode.ERROR, message);
        }
        try
        {
            return delegate.replyError(correlationId, status, message);
        }
        finally
        {
            end();
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

    private void end()
    {
        if (recording)
        {
            span.end();
        }
    }
}
