package io.switchboard.transport.serial;

/**
 * A payload could not be written or read: it is truncated, malformed, declares a length larger
 * than the bytes that carry it, nests too deeply, or does not fit the target buffer. The caller
 * should answer the peer with an error status; the thread that read it stays healthy.
 */
public class PayloadException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with which payload.
     */
    public PayloadException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was wrong with which payload.
     * @param cause   the library's own exception.
     */
    public PayloadException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
