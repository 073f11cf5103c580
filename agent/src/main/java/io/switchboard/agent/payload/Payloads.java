package io.switchboard.agent.payload;

import io.switchboard.agent.method.RemoteService;
import io.switchboard.transport.serial.ClassAllowList;
import io.switchboard.transport.serial.PayloadSerializer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.List;

/**
 * Builds the serializer of one service (its allow-list comes from the interface's signatures and
 * {@code switchboard.serialization.allow}) and lends each thread a reusable encoding buffer.
 */
public final class Payloads
{
    private static final int INITIAL_BUFFER = 4096;
    // A thread that once sent a huge payload gives the memory back on its next small call.
    private static final int RETAINED_BUFFER = 1024 * 1024;

    private static final ThreadLocal<ExpandableDirectByteBuffer> BUFFERS =
        ThreadLocal.withInitial(() -> new ExpandableDirectByteBuffer(INITIAL_BUFFER));

    private Payloads()
    {
    }

    /**
     * @param service          the service whose signatures define what may cross the wire.
     * @param extraClassNames  configured extra class names.
     * @param maxMessageBytes  the largest payload read or written.
     * @return a thread-safe serializer for the service's arguments, results and exceptions.
     */
    public static PayloadSerializer serializerFor(
        final RemoteService service, final List<String> extraClassNames, final int maxMessageBytes)
    {
        final ClassAllowList allowList = ClassAllowList.builder(service.classLoader())
            .addInterface(service.interfaceType())
            .addClassNames(extraClassNames)
            .build();
        return new PayloadSerializer(allowList, maxMessageBytes, PayloadSerializer.DEFAULT_MAX_DEPTH);
    }

    /**
     * @return this thread's encoding buffer; valid until the thread's next call of this method.
     */
    public static ExpandableDirectByteBuffer buffer()
    {
        ExpandableDirectByteBuffer buffer = BUFFERS.get();
        if (buffer.capacity() > RETAINED_BUFFER)
        {
            buffer = new ExpandableDirectByteBuffer(INITIAL_BUFFER);
            BUFFERS.set(buffer);
        }
        return buffer;
    }
}
