package io.switchboard.api;

/**
 * No provider of the called service could be reached: none is registered, or every registered one
 * is down, and no fallback is configured.
 */
public class NoProviderException extends RpcException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the service, the registry searched, and how to start a provider.
     */
    public NoProviderException(final String message)
    {
        super(message);
    }

    /**
     * @param message names the service, the registry searched, and how to start a provider.
     * @param cause   the last failure seen while trying providers.
     */
    public NoProviderException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
