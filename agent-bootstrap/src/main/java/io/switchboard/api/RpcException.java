package io.switchboard.api;

/**
 * The base of every error Switchboard itself raises on a remote call.
 *
 * <p>Exceptions thrown by the provider's implementation are not wrapped when they can be rebuilt on
 * the consumer: a declared checked exception or a transferable runtime exception is rethrown as
 * the same type. Everything else arrives as a {@link RemoteFailureException}.
 */
public class RpcException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, to what, and what to do about it.
     */
    public RpcException(final String message)
    {
        super(message);
    }

    /**
     * @param message what happened, to what, and what to do about it.
     * @param cause   the underlying failure.
     */
    public RpcException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
