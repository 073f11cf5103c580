package io.switchboard.agent.it.security;

import com.esotericsoftware.kryo.io.Output;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.codec.Envelope;
import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import io.switchboard.transport.aeron.server.Server;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The attacker of the flood test, a plain JVM without the agent and without the secret of any
 * session: until the file {@code flood-stop} appears in its working directory it sends, at full
 * speed, garbage frames straight to the provider's UDP endpoint from a raw Aeron publication
 * (random bytes, frames with a plausible header and a random body, requests from client ids that
 * never connected, chunks declaring huge messages, and Connects whose reply channel never answers),
 * while a second thread opens a real session and calls {@code Catalog.echo} with arguments naming
 * {@code TemplatesImpl}, the classic deserialization gadget. Prints what it sent and got back.
 * <p>
 * Arguments: provider host and UDP port, the service name.
 */
public final class FloodMain
{
    private static final String GADGET = "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl";

    private FloodMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String host = args[0];
        final int port = Integer.parseInt(args[1]);
        final String service = args[2];
        final Path stop = Path.of("flood-stop");
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final AeronTransport transport = AeronTransport.launch(TransportConfig.builder().build());
        final long[] gadgetCalls = new long[1];
        final Map<CallStatus, Long> gadgetStatuses = new EnumMap<>(CallStatus.class);
        final Thread gadgets = new Thread(() -> sendGadgets(transport, host, port, service, stop, gadgetCalls,
            gadgetStatuses), "gadgets");
        try
        {
            final Publication publication = aeron.addPublication(
                "aeron:udp?endpoint=" + host + ":" + port, Server.UDP_STREAM_ID);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!publication.isConnected() && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(1);
            }
            gadgets.start();
            synchronized (gadgetCalls)
            {
                while (gadgetCalls[0] == 0 && System.nanoTime() - deadlineNs < 0)
                {
                    gadgetCalls.wait(100); // the gadget session is set up before the Connect flood starts
                }
            }
            System.out.println("flood: publication connected=" + publication.isConnected() + ", gadget session " +
                (gadgetCalls[0] > 0 ? "calling" : "not connected"));
            final long[] offered = new long[5];
            long backPressured = 0;
            final SplittableRandom random = new SplittableRandom(42);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[512]);
            final EnvelopeEncoder encoder = new EnvelopeEncoder();
            final long startNs = System.nanoTime();
            long n = 0;
            while ((n & 1023) != 0 || !Files.exists(stop))
            {
                final int kind = (int)(n++ % 5);
                final DirectBuffer buffer;
                final int length;
                switch (kind)
                {
                    case 0 ->
                    {
                        length = 1 + random.nextInt(300);
                        for (int i = 0; i < length; i++)
                        {
                            frame.putByte(i, (byte)random.nextInt());
                        }
                        buffer = frame;
                    }
                    case 1 ->
                    {
                        length = Envelope.HEADER_LENGTH + random.nextInt(200);
                        for (int i = 0; i < length; i++)
                        {
                            frame.putByte(i, (byte)random.nextInt());
                        }
                        frame.putShort(2, (short)(1 + random.nextInt(6)), ByteOrder.LITTLE_ENDIAN);
                        frame.putShort(4, (short)Envelope.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
                        frame.putShort(6, (short)Envelope.SCHEMA_VERSION, ByteOrder.LITTLE_ENDIAN);
                        buffer = frame;
                    }
                    case 2 ->
                    {
                        length = encoder.encodeRequest(random.nextLong(), random.nextLong(), random.nextInt(), random.nextLong(),
                            0, 1_000_000_000L, "", "", "", frame, 0, 16);
                        buffer = encoder.buffer();
                    }
                    case 3 ->
                    {
                        length = encoder.encodeChunk(random.nextLong(), 1, random.nextLong(), Integer.MAX_VALUE, 0, frame, 0, 64);
                        buffer = encoder.chunkBuffer();
                    }
                    default ->
                    {
                        // A Connect flood: reply channels nobody listens on.
                        length = encoder.encodeConnect(random.nextLong(), "aeron:udp?endpoint=127.0.0.1:" +
                            (20_000 + random.nextInt(20_000)), 1002, null);
                        buffer = encoder.buffer();
                    }
                }
                if (publication.offer(buffer, 0, length) > 0)
                {
                    offered[kind]++;
                }
                else
                {
                    backPressured++;
                    Thread.yield(); // as fast as the provider takes frames, without starving it of this shared CPU
                }
            }
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            gadgets.join(TimeUnit.SECONDS.toMillis(30));
            final long total = Arrays.stream(offered).sum();
            System.out.println("flood: sent " + total + " garbage frames in " + elapsedMs + " ms (" +
                (elapsedMs == 0 ? 0 : total * 1000 / elapsedMs) + "/s): random " + offered[0] + ", header+random " +
                offered[1] + ", requests from strangers " + offered[2] + ", huge chunks " + offered[3] + ", connects " +
                offered[4] + "; not accepted by the publication (back-pressure) " + backPressured);
            System.out.println("flood: gadget calls " + gadgetCalls[0] + " answered " + gadgetStatuses);
            System.out.println("result flood.frames=" + total);
            System.out.println("result flood.gadgets=" + gadgetCalls[0]);
            System.out.println("result flood.gadgetsRejected=" + gadgetStatuses.getOrDefault(CallStatus.PAYLOAD_REJECTED, 0L));
        }
        finally
        {
            CloseHelper.quietCloseAll(transport, aeron, driver);
        }
    }

    private static void sendGadgets(final AeronTransport transport, final String host, final int port,
        final String service, final Path stop, final long[] calls, final Map<CallStatus, Long> statuses)
    {
        final Endpoint endpoint = new Endpoint(host, port, Server.UDP_STREAM_ID, 1, "attacker");
        // The wire ids, as the agent's MethodId derives them (this JVM has no agent).
        final byte[] serviceDigest = sha256(service + "@");
        final int serviceId = (int)(bigEndian(serviceDigest) >>> 32);
        final long methodId = bigEndian(sha256(service + "#echo(Ljava/lang/String;)"));
        final UnsafeBuffer payload = forgedArgumentNaming(GADGET);
        while (!Files.exists(stop))
        {
            final ClientSession session = transport.connect(endpoint); // the live session, or a new one
            if (!session.awaitConnected(TimeUnit.SECONDS.toNanos(5)))
            {
                statuses.merge(CallStatus.NOT_DELIVERED, 1L, Long::sum);
                continue;
            }
            final CallStatus status = session.call(serviceId, methodId, payload, 0, payload.capacity(),
                TimeUnit.SECONDS.toNanos(5)).status();
            synchronized (calls)
            {
                calls[0]++;
                calls.notifyAll();
            }
            statuses.merge(status, 1L, Long::sum);
        }
    }

    private static byte[] sha256(final String text)
    {
        try
        {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static long bigEndian(final byte[] digest)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    // One argument whose class is written by name: the reader must refuse it before loading it.
    private static UnsafeBuffer forgedArgumentNaming(final String className)
    {
        final Output output = new Output(256, -1);
        output.writeByte(0x11); // PayloadSerializer.ARGUMENTS
        output.writeVarInt(1, true);
        output.writeVarInt(1, true);
        output.writeVarInt(0, true);
        output.writeString(className);
        output.writeByte(0);
        return new UnsafeBuffer(Arrays.copyOf(output.getBuffer(), output.position()));
    }
}
