package io.switchboard.benchmarks.e2e;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import io.switchboard.transport.aeron.driver.DriverTuning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Raw Aeron echo, the baseline of the end-to-end harness: a server that offers every message back, and a
 * client that offers a request and polls for its reply in the calling thread. Nothing of Switchboard but
 * its media driver tuning ({@link DriverTuning}: shared threading mode, backing-off idle strategy, small
 * terms, short timeouts) and the same poller backoff, so the comparison measures what Switchboard adds.
 * <p>
 * {@code --role server|client --channel udp|ipc} and, for UDP, {@code --request-port}/{@code --reply-port}
 * (each process embeds a driver in {@code --aeron-dir}); for IPC, {@code --aeron-dir} names the shared
 * standalone driver. {@code --idle busy} spins instead of backing off (for machines with spare cores).
 * The client takes the {@link LoadPlan} options too.
 */
public final class AeronEcho
{
    private static final int REQUEST_STREAM = 7001;
    private static final int REPLY_STREAM = 7002;
    /** 64 KiB messages need a term of at least 512 KiB (a message is at most an eighth of a term). */
    private static final String TERM = "term-length=1m";

    private AeronEcho()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception when setting up fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final LoadPlan plan = LoadPlan.parse(args);
        final boolean udp = "udp".equals(plan.require("channel"));
        final boolean busy = "busy".equals(plan.option("idle", "backoff"));
        final Path dir = Path.of(plan.require("aeron-dir"));
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            if (udp)
            {
                final MediaDriver.Context context = DriverTuning.context(dir, 256 * 1024, Duration.ofSeconds(2),
                    Throwable::printStackTrace);
                if (busy)
                {
                    context.sharedIdleStrategy(new BusySpinIdleStrategy());
                }
                driver = MediaDriver.launchEmbedded(context);
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(null == driver ? dir.toString() : driver.aeronDirectoryName()));
            final String requestChannel = udp ? "aeron:udp?endpoint=127.0.0.1:" + plan.require("request-port") + "|" + TERM :
                "aeron:ipc?" + TERM;
            final String replyChannel = udp ? "aeron:udp?endpoint=127.0.0.1:" + plan.require("reply-port") + "|" + TERM :
                "aeron:ipc?" + TERM;
            final IdleStrategy idle = busy ? new BusySpinIdleStrategy() :
                new BackoffIdleStrategy(50, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
            if ("server".equals(plan.require("role")))
            {
                serve(aeron, requestChannel, replyChannel, idle);
            }
            else
            {
                try (Client client = new Client(aeron, requestChannel, replyChannel, idle))
                {
                    new LoadGenerator(plan, System.out).runSync(client::call);
                }
            }
        }
        finally
        {
            CloseHelper.quietCloseAll(aeron, driver);
            if (udp)
            {
                deleteQuietly(dir);
            }
        }
    }

    private static void serve(final Aeron aeron, final String requestChannel, final String replyChannel, final IdleStrategy idle)
    {
        try (Subscription requests = aeron.addSubscription(requestChannel, REQUEST_STREAM);
            Publication replies = aeron.addPublication(replyChannel, REPLY_STREAM))
        {
            final FragmentHandler echo = new FragmentAssembler((buffer, offset, length, header) ->
                offer(replies, buffer, offset, length, idle));
            System.out.println("aeron echo server ready");
            System.out.flush();
            while (!Thread.currentThread().isInterrupted())
            {
                idle.idle(requests.poll(echo, 10));
            }
        }
    }

    private static void offer(final Publication publication, final DirectBuffer buffer, final int offset, final int length,
        final IdleStrategy idle)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("offer on " + publication.channel() + " failed: " + result);
            }
            idle.idle();
        }
        idle.reset();
    }

    /** One request/reply pair of streams, used by one calling thread. */
    private static final class Client implements AutoCloseable
    {
        private final Publication requests;
        private final Subscription replies;
        private final IdleStrategy idle;
        private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[1 << 20]);
        private final FragmentHandler onReply;
        private byte[] reply;

        Client(final Aeron aeron, final String requestChannel, final String replyChannel, final IdleStrategy idle)
        {
            this.replies = aeron.addSubscription(replyChannel, REPLY_STREAM);
            this.requests = aeron.addPublication(requestChannel, REQUEST_STREAM);
            this.idle = idle;
            this.onReply = new FragmentAssembler((buffer, offset, length, header) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                reply = bytes;
            });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!requests.isConnected() || !replies.isConnected())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("echo server not connected within 30 s on " + requestChannel);
                }
                idle.idle();
            }
        }

        byte[] call(final byte[] payload)
        {
            sendBuffer.putBytes(0, payload);
            offer(requests, sendBuffer, 0, payload.length, idle);
            reply = null;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (null == reply)
            {
                final int fragments = replies.poll(onReply, 10);
                if (0 == fragments && System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("no echo within 5 s");
                }
                idle.idle(fragments);
            }
            return reply;
        }

        @Override
        public void close()
        {
            CloseHelper.quietCloseAll(requests, replies);
        }
    }

    private static void deleteQuietly(final Path dir)
    {
        try
        {
            if (Files.exists(dir))
            {
                try (var paths = Files.walk(dir))
                {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        catch (final IOException ignored)
        {
            // the driver deletes its directory on shutdown; this is a second attempt only
        }
    }
}
