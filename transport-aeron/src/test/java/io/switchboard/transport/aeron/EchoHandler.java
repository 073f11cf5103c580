package io.switchboard.transport.aeron;

import io.switchboard.transport.aeron.server.InboundRequest;
import io.switchboard.transport.aeron.server.RequestHandler;
import io.switchboard.transport.aeron.server.Responder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test handler: service 1 echoes the payload; service 2 never replies (for timeouts); service 3 echoes
 * later from another thread; service 99
 * replies with the server transport's counters as text; anything else is UNKNOWN_SERVICE.
 */
public final class EchoHandler implements RequestHandler
{
    public static final int ECHO = 1;
    public static final int SILENT = 2;
    public static final int COUNTERS = 99;
    /** Echoes from another thread after {@code methodId} milliseconds. */
    public static final int DELAYED = 3;
    /** Throws from the handler. */
    public static final int THROWS = 4;
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread t = new Thread(r, "delayed-replies");
        t.setDaemon(true);
        return t;
    });
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
            case DELAYED ->
            {
                final long correlationId = request.correlationId();
                final byte[] copy = request.payloadBytes();
                LATER.schedule(() -> responder.reply(correlationId, CallStatus.OK, new UnsafeBuffer(copy), 0, copy.length),
                    request.methodId(), TimeUnit.MILLISECONDS);
            }
            case THROWS -> throw new IllegalStateException("handler bug (expected by the test)");
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
