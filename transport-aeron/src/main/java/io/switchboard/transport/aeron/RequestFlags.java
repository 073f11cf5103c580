package io.switchboard.transport.aeron;

/**
 * Bits of a request's flags (the SBE {@code RequestFlags} set), for {@code ClientSession.call} and
 * {@code InboundRequest.flags()}.
 */
public final class RequestFlags
{
    /** The method is idempotent: the caller may re-send it elsewhere after CONNECTION_LOST or TIMEOUT. */
    public static final int IDEMPOTENT = 1;
    /** This request is a re-send after a failure at another provider. */
    public static final int RESEND = 1 << 1;
    /** The caller's trace is sampled. */
    public static final int SAMPLED = 1 << 2;

    private RequestFlags()
    {
    }
}
