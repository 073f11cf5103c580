package io.switchboard.transport.aeron.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.CallStatus;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PendingCallsTest
{
    private static final long FAR = Long.MAX_VALUE / 2;

    @Test
    void aReplyFindsItsCallOnceAndOnlyWhileItIsAwaited()
    {
        final PendingCalls table = new PendingCalls(4);
        final PendingCall call = table.arm(FAR, Thread.currentThread(), null);
        final long id = call.correlationId;
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.claim(id)).isSameAs(call);
        assertThat(table.claim(id)).as("a duplicate reply").isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void aLateReplyForASlotUsedAgainIsDropped()
    {
        final PendingCalls table = new PendingCalls(2);
        final PendingCall first = table.arm(FAR, Thread.currentThread(), null);
        final long timedOut = first.correlationId;
        assertThat(table.claim(first, timedOut)).as("the caller gives up").isTrue();
        table.release(first);
        // Use every slot again, so the timed-out call's slot is armed for another call.
        final List<PendingCall> next = List.of(table.arm(FAR, Thread.currentThread(), null),
            table.arm(FAR, Thread.currentThread(), null));
        assertThat(next).contains(first);
        assertThat(table.claim(timedOut)).as("the late reply").isNull();
        assertThat(first.armedId()).as("the new call is still awaited").isNotZero().isNotEqualTo(timedOut);
        assertThat(table.claim(first.correlationId)).isSameAs(first);
    }

    @Property(tries = 50)
    void idsStayDistinctAndNonZeroWhileSlotsWrapAround(
        @ForAll @IntRange(min = 1, max = 8) final int capacity, @ForAll @IntRange(min = 1, max = 2000) final int calls)
    {
        final PendingCalls table = new PendingCalls(capacity);
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < calls; i++)
        {
            final PendingCall call = table.arm(FAR, null, (id, r) -> { });
            final long id = call.correlationId;
            assertThat(id).isNotZero();
            assertThat(id & PendingCalls.OVERFLOW_BIT).isZero();
            assertThat(seen.add(id)).as("id %d reused", id).isTrue();
            assertThat(table.claim(id)).isSameAs(call);
            table.release(call);
        }
        for (final long old : seen)
        {
            assertThat(table.claim(old)).isNull();
        }
    }

    @Test
    void callsBeyondTheSlotsTakeOverflowEntries()
    {
        final PendingCalls table = new PendingCalls(2);
        final List<PendingCall> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            calls.add(table.arm(FAR, null, (id, r) -> { }));
        }
        assertThat(table.size()).isEqualTo(5);
        assertThat(calls.stream().filter(c -> (c.correlationId & PendingCalls.OVERFLOW_BIT) != 0)).hasSize(3);
        for (final PendingCall call : calls)
        {
            assertThat(table.claim(call.correlationId)).isSameAs(call);
            table.release(call);
        }
        assertThat(table.size()).isZero();
        assertThat(table.hasOverflow()).isFalse();
    }

    @Test
    void aSynchronousCallerGetsTheReplyInItsOwnBufferAndTradesBuffers()
    {
        final PendingCalls table = new PendingCalls(2);
        final Reply reply = new Reply();
        for (int round = 1; round <= 3; round++)
        {
            final PendingCall call = table.arm(FAR, Thread.currentThread(), null);
            final PendingCall claimed = table.claim(call.correlationId);
            final byte[] into = claimed.replyBuffer(round * 10);
            for (int i = 0; i < round * 10; i++)
            {
                into[i] = (byte)round;
            }
            assertThat(claimed.completeReply(CallStatus.OK, 0, into, round * 10)).isNull();
            assertThat(call.isDone()).isTrue();
            call.handOver(reply);
            table.release(call);
            assertThat(reply.status()).isEqualTo(CallStatus.OK);
            assertThat(reply.payloadLength()).isEqualTo(round * 10);
            assertThat(reply.payload().getByte(round * 10 - 1)).isEqualTo((byte)round);
        }
    }

    /**
     * Many callers share a small table; a replier answers their calls in random order, each reply carrying
     * its caller's number and sequence; every caller must get exactly its own replies, and late duplicates
     * must find nothing.
     */
    @Test
    void concurrentCallersEachGetTheirOwnReply() throws Exception
    {
        final int callers = 8;
        final int callsEach = 3_000;
        final PendingCalls table = new PendingCalls(4);
        final ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>(); // {id, caller, seq}
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> replierFailure = new AtomicReference<>();
        final ExecutorService pool = Executors.newFixedThreadPool(callers + 1);
        try
        {
            pool.submit(() ->
            {
                final List<long[]> batch = new ArrayList<>();
                final List<Long> answered = new ArrayList<>();
                try
                {
                    while (!stop.get())
                    {
                        long[] request;
                        while (null != (request = requests.poll()))
                        {
                            batch.add(request);
                        }
                        java.util.Collections.shuffle(batch, ThreadLocalRandom.current());
                        for (final long[] r : batch)
                        {
                            final PendingCall call = table.claim(r[0]);
                            if (null != call)
                            {
                                final byte[] into = call.replyBuffer(16);
                                final org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(into);
                                view.putLong(0, r[1], ByteOrder.LITTLE_ENDIAN);
                                view.putLong(8, r[2], ByteOrder.LITTLE_ENDIAN);
                                call.completeReply(CallStatus.OK, 0, into, 16);
                                answered.add(r[0]);
                            }
                        }
                        batch.clear();
                        for (final long late : answered)
                        {
                            if (null != table.claim(late))
                            {
                                throw new AssertionError("a duplicate reply for " + late + " found a call");
                            }
                        }
                        answered.clear();
                        Thread.onSpinWait();
                    }
                }
                catch (final Throwable t)
                {
                    replierFailure.set(t);
                }
            });
            final List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++)
            {
                final int caller = c;
                results.add(pool.submit(() ->
                {
                    final Reply reply = new Reply();
                    int own = 0;
                    for (int seq = 0; seq < callsEach; seq++)
                    {
                        final PendingCall call = table.arm(FAR, Thread.currentThread(), null);
                        requests.add(new long[] {call.correlationId, caller, seq});
                        while (!call.isDone())
                        {
                            call.park(this, TimeUnit.MILLISECONDS.toNanos(1));
                        }
                        call.handOver(reply);
                        table.release(call);
                        if (reply.payload().getLong(0, ByteOrder.LITTLE_ENDIAN) == caller &&
                            reply.payload().getLong(8, ByteOrder.LITTLE_ENDIAN) == seq)
                        {
                            own++;
                        }
                    }
                    return own;
                }));
            }
            for (final Future<Integer> result : results)
            {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(callsEach);
            }
            assertThat(table.size()).isZero();
        }
        finally
        {
            stop.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(replierFailure.get()).isNull();
    }
}
