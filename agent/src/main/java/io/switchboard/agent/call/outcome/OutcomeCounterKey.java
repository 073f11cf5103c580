package io.switchboard.agent.call.outcome;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a call-outcome counter's key in the media driver's CnC file, shared by the
 * consumer that writes it and the {@code services} CLI that reads it:
 * {@code [pid int64][outcome ordinal int32][service length int32][service UTF-8 bytes]}, at most
 * {@value #MAX_KEY_LENGTH} bytes (longer service names are cut; the label keeps them whole).
 */
public final class OutcomeCounterKey
{
    /** The counter type id of Switchboard's call-outcome counters (Aeron keeps ids below 1000). */
    public static final int TYPE_ID = 1_505_001;

    static final int MAX_KEY_LENGTH = 112;
    private static final int PID_OFFSET = 0;
    private static final int OUTCOME_OFFSET = 8;
    private static final int SERVICE_LENGTH_OFFSET = 12;
    private static final int SERVICE_OFFSET = 16;

    private OutcomeCounterKey()
    {
    }

    /**
     * @param buffer  where to write, at least {@value #MAX_KEY_LENGTH} bytes.
     * @param pid     the consumer's process id.
     * @param outcome the outcome counted.
     * @param service the service name.
     * @return the key's length.
     */
    public static int encode(final MutableDirectBuffer buffer, final long pid, final Outcome outcome, final String service)
    {
        final byte[] name = service.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(name.length, MAX_KEY_LENGTH - SERVICE_OFFSET);
        buffer.putLong(PID_OFFSET, pid);
        buffer.putInt(OUTCOME_OFFSET, outcome.ordinal());
        buffer.putInt(SERVICE_LENGTH_OFFSET, length);
        buffer.putBytes(SERVICE_OFFSET, name, 0, length);
        return SERVICE_OFFSET + length;
    }

    /**
     * @param key a key buffer from a counter of type {@link #TYPE_ID}.
     * @return the consumer's pid.
     */
    public static long pid(final DirectBuffer key)
    {
        return key.getLong(PID_OFFSET);
    }

    /**
     * @param key a key buffer from a counter of type {@link #TYPE_ID}.
     * @return the outcome, or {@code null} when this reader does not know it.
     */
    public static Outcome outcome(final DirectBuffer key)
    {
        return Outcome.ofOrdinal(key.getInt(OUTCOME_OFFSET));
    }

    /**
     * @param key a key buffer from a counter of type {@link #TYPE_ID}.
     * @return the service name.
     */
    public static String service(final DirectBuffer key)
    {
        final int length = Math.max(0, Math.min(key.getInt(SERVICE_LENGTH_OFFSET), MAX_KEY_LENGTH - SERVICE_OFFSET));
        final byte[] name = new byte[length];
        key.getBytes(SERVICE_OFFSET, name);
        return new String(name, StandardCharsets.UTF_8);
    }
}
