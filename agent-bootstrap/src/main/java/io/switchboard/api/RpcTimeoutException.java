package io.switchboard.api;

/**
 * No reply arrived before the call's deadline. The call may or may not have run on the provider.
 */
public class RpcTimeoutException extends RpcException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the method, the provider and the deadline that passed.
     */
    public RpcTimeoutException(final String message)
    {
        super(message);
    }
}
