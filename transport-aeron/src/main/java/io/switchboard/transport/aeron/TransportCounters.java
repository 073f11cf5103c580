package io.switchboard.transport.aeron;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a transport rejected, dropped or failed, so tests and the CLI can see it.
 * Mostly written by the polling thread; readable from any thread.
 */
public final class TransportCounters
{
    /** Frames shorter than an SBE message header. */
    public final AtomicLong truncatedFrames = new AtomicLong();
    /** Frames whose schema id is not Switchboard's. */
    public final AtomicLong unknownSchema = new AtomicLong();
    /** Frames with Switchboard's schema id but a version this build does not speak. */
    public final AtomicLong unsupportedVersion = new AtomicLong();
    /** Frames whose template id is unknown or not expected in this direction. */
    public final AtomicLong unknownTemplate = new AtomicLong();
    /** Frames whose block or variable-length fields do not fit the frame. */
    public final AtomicLong malformedFrames = new AtomicLong();
    /** Requests decoded and handed to the server's handler. */
    public final AtomicLong requestsReceived = new AtomicLong();
    /** Requests from a client id that never connected (or was dropped); no reply is possible. */
    public final AtomicLong requestsFromUnknownClients = new AtomicLong();
    /** Responses sent by servers of this transport. */
    public final AtomicLong responsesSent = new AtomicLong();
    /** Responses that could not be sent (client gone or back-pressured past the reply timeout). */
    public final AtomicLong responsesNotSent = new AtomicLong();
    /** Replies that arrived after their caller gave up; dropped. */
    public final AtomicLong lateReplies = new AtomicLong();
    /** Chunks that belonged to no assembly in progress (e.g. the rest of a rejected message). */
    public final AtomicLong chunksDropped = new AtomicLong();
    /** Messages rejected as larger than {@code switchboard.max.message.bytes} (either side). */
    public final AtomicLong oversizedMessages = new AtomicLong();
    /** Chunked messages refused because too many were being assembled at once. */
    public final AtomicLong assembliesRefused = new AtomicLong();
    /** Exceptions thrown by a request handler or a response listener. */
    public final AtomicLong callbackErrors = new AtomicLong();
    /** Connects refused by servers because they did not prove the shared secret (no reply publication added). */
    public final AtomicLong connectsUnauthenticated = new AtomicLong();
    /** Frames of an authenticated session whose tag did not match or whose sequence was replayed; nothing ran. */
    public final AtomicLong framesUnauthenticated = new AtomicLong();
    /** Clients dropped by servers because their reply publication stayed disconnected. */
    public final AtomicLong clientsExpired = new AtomicLong();
    /** Connects ignored because the server already held {@code switchboard.provider.max.sessions} sessions. */
    public final AtomicLong sessionsRefused = new AtomicLong();
    /** Sessions dropped for sending no valid request within {@code switchboard.provider.handshake.timeout.ms}. */
    public final AtomicLong sessionsUnproven = new AtomicLong();
    /** Requests answered OVERLOADED because their session had {@code switchboard.provider.max.session.concurrent} running. */
    public final AtomicLong sessionRequestsRefused = new AtomicLong();

    /**
     * @return every rejected frame: truncated, unknown schema/template, unsupported version, malformed.
     */
    public long framesRejected()
    {
        return truncatedFrames.get() + unknownSchema.get() + unsupportedVersion.get() +
            unknownTemplate.get() + malformedFrames.get();
    }

    /**
     * @return name to value, in a stable order.
     */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> map = new LinkedHashMap<>();
        map.put("truncatedFrames", truncatedFrames.get());
        map.put("unknownSchema", unknownSchema.get());
        map.put("unsupportedVersion", unsupportedVersion.get());
        map.put("unknownTemplate", unknownTemplate.get());
        map.put("malformedFrames", malformedFrames.get());
        map.put("requestsReceived", requestsReceived.get());
        map.put("requestsFromUnknownClients", requestsFromUnknownClients.get());
        map.put("responsesSent", responsesSent.get());
        map.put("responsesNotSent", responsesNotSent.get());
        map.put("lateReplies", lateReplies.get());
        map.put("chunksDropped", chunksDropped.get());
        map.put("oversizedMessages", oversizedMessages.get());
        map.put("assembliesRefused", assembliesRefused.get());
        map.put("callbackErrors", callbackErrors.get());
        map.put("clientsExpired", clientsExpired.get());
        map.put("sessionsRefused", sessionsRefused.get());
        map.put("sessionsUnproven", sessionsUnproven.get());
        map.put("sessionRequestsRefused", sessionRequestsRefused.get());
        map.put("connectsUnauthenticated", connectsUnauthenticated.get());
        map.put("framesUnauthenticated", framesUnauthenticated.get());
        return map;
    }

    /**
     * @param text the output of {@link #toString()}.
     * @return name to value.
     */
    public static Map<String, Long> parse(final String text)
    {
        final Map<String, Long> map = new LinkedHashMap<>();
        for (final String pair : text.split(","))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0)
            {
                map.put(pair.substring(0, eq).trim(), Long.parseLong(pair.substring(eq + 1).trim()));
            }
        }
        return map;
    }

    /**
     * @return {@code name=value} pairs separated by commas.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        snapshot().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
