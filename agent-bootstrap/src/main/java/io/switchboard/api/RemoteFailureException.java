package io.switchboard.api;

/**
 * The provider failed with an exception that cannot be rebuilt as its own type on the consumer,
 * or the provider reported an error of its own (unknown method, rejected payload, overload).
 */
public class RemoteFailureException extends RpcException
{
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    /**
     * @param remoteClassName the class name of the exception thrown on the provider, or
     *                        {@code null} when the provider reported an error of its own.
     * @param message         the remote message, prefixed with what failed.
     */
    public RemoteFailureException(final String remoteClassName, final String message)
    {
        super(message);
        this.remoteClassName = remoteClassName;
    }

    /**
     * @return the class name of the exception thrown on the provider, or {@code null}.
     */
    public String remoteClassName()
    {
        return remoteClassName;
    }
}
