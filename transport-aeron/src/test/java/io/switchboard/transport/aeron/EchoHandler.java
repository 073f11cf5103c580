package io.switchboard.transport.aeron;

import io.switchboard.transport.aeron.server.InboundRequest;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Responder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test handler: service 1 echoes the payload; service 2 never replies (for timeouts); service 99
 * replies with the server transport's counters as text; anything else is UNKNOWN_SERVICE.
 */
public final class EchoHandler implements RequestHandler
{
    public static final int ECHO = 1;
    public static final int SILENT = 2;
    public static final int COUNTERS = 99;
    private final TransportCounters counters;

    public EchoHandler(final TransportCounters counters)
    {
        this.counters = counters;
    }

    public void onRequest(final InboundRequest request, final Responder responder)
    {
        switch (request.serviceId())
        {
            case ECHO -> responder.reply(request.correlationId(), CallStatus.OK, request.payload(), 0, request.payloadLength());
            case SILENT ->
            {
            }
            case COUNTERS ->
            {
                final byte[] text = counters.toString().getBytes(StandardCharsets.UTF_8);
                responder.reply(request.correlationId(), CallStatus.OK, new UnsafeBuffer(text), 0, text.length);
            }
            default -> responder.replyError(request.correlationId(), CallStatus.UNKNOWN_SERVICE,
                "no service " + request.serviceId());
        }
    }
}
