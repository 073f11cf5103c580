package io.switchboard.agent.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkersTest
{
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger ran = new AtomicInteger();
    private Workers workers;

    @AfterEach
    void close()
    {
        release.countDown();
        workers.close();
    }

    private void blocking()
    {
        try
        {
            release.await(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        ran.incrementAndGet();
    }

    @Test
    void refusesACallBeyondMaxConcurrentPlusMaxQueuedAndNeverRunsIt() throws Exception
    {
        workers = new Workers(1, 1);

        assertThat(workers.tryExecute(this::blocking)).as("runs").isTrue();
        assertThat(workers.tryExecute(this::blocking)).as("waits in the queue").isTrue();
        assertThat(workers.tryExecute(ran::incrementAndGet)).as("refused: one running, one queued").isFalse();
        assertThat(workers.describe()).startsWith("1 of 1 workers busy and 1 of 1 calls queued");

        release.countDown();
        await().atMost(30, TimeUnit.SECONDS).until(() -> 0 == workers.admitted());
        assertThat(ran).as("the two admitted calls ran, the refused one did not").hasValue(2);
    }

    @Test
    void withNoQueueASecondCallIsRefusedWhileTheFirstRunsAndAdmittedOnceItEnds() throws Exception
    {
        workers = new Workers(1, 0);

        assertThat(workers.tryExecute(this::blocking)).isTrue();
        assertThat(workers.tryExecute(ran::incrementAndGet)).isFalse();

        release.countDown();
        await().atMost(30, TimeUnit.SECONDS).until(() -> 0 == workers.admitted());
        assertThat(workers.tryExecute(ran::incrementAndGet)).as("a free worker takes the next call").isTrue();
        await().atMost(30, TimeUnit.SECONDS).until(() -> 2 == ran.get());
    }

    @Test
    void runsUpToMaxConcurrentCallsAtOnce() throws Exception
    {
        workers = new Workers(3, 0);
        final CountDownLatch running = new CountDownLatch(3);

        for (int i = 0; i < 3; i++)
        {
            assertThat(workers.tryExecute(() ->
            {
                running.countDown();
                blocking();
            })).isTrue();
        }

        assertThat(running.await(30, TimeUnit.SECONDS)).as("three calls run at once").isTrue();
        assertThat(workers.tryExecute(ran::incrementAndGet)).as("a fourth is refused").isFalse();
    }

    @Test
    void aSlowCallDoesNotHoldUpTheCallsBehindIt() throws Exception
    {
        workers = new Workers(2, 10);
        final CountDownLatch slowStarted = new CountDownLatch(1);

        assertThat(workers.tryExecute(() ->
        {
            slowStarted.countDown();
            blocking();
        })).isTrue();
        assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++)
        {
            assertThat(workers.tryExecute(ran::incrementAndGet)).isTrue();
        }

        await().atMost(30, TimeUnit.SECONDS).until(() -> 5 == ran.get());
        assertThat(workers.admitted()).as("only the slow call is still running").isEqualTo(1);
    }

    @Test
    void everyAdmittedCallRunsOnceWhetherTheWorkersSpinOrPark() throws Exception
    {
        for (final long spinNs : new long[] {0, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(5)})
        {
            try (Workers each = new Workers(4, 10_000, spinNs, spinNs < TimeUnit.MILLISECONDS.toNanos(1)))
            {
                final AtomicInteger count = new AtomicInteger();
                int admitted = 0;
                for (int i = 0; i < 20_000; i++)
                {
                    if (each.tryExecute(count::incrementAndGet))
                    {
                        admitted++;
                    }
                    if (i % 1000 == 0)
                    {
                        Thread.onSpinWait(); // bursts and gaps: workers go idle and are woken again
                        await().atMost(30, TimeUnit.SECONDS).until(() -> 0 == each.admitted());
                    }
                }
                final int expected = admitted;
                await().atMost(30, TimeUnit.SECONDS).until(() -> 0 == each.admitted());
                assertThat(count).as("calls run with idle spin " + spinNs + " ns").hasValue(expected);
                assertThat(each.threads()).as("never more threads than max.concurrent").isLessThanOrEqualTo(4);
            }
        }
        workers = new Workers(1, 0);
    }

    @Test
    void backToBackCallsAreServedByOneWorker() throws Exception
    {
        workers = new Workers(8, 0, TimeUnit.MILLISECONDS.toNanos(200), true);

        for (int i = 0; i < 50; i++)
        {
            assertThat(workers.tryExecute(ran::incrementAndGet)).isTrue();
            final int expected = i + 1;
            await().atMost(30, TimeUnit.SECONDS).until(() -> expected == ran.get() && 0 == workers.admitted());
        }

        assertThat(workers.threads()).as("one call at a time needs one thread, not one per call").isLessThanOrEqualTo(2);
    }

    @Test
    void closeLetsQueuedCallsFinishThenEndsTheThreads() throws Exception
    {
        workers = new Workers(1, 1000);
        final CountDownLatch started = new CountDownLatch(1);
        assertThat(workers.tryExecute(() ->
        {
            started.countDown();
            blocking();
        })).isTrue();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++)
        {
            assertThat(workers.tryExecute(ran::incrementAndGet)).isTrue();
        }

        final Thread closer = new Thread(workers::close);
        closer.start();
        final AtomicInteger probesAdmitted = new AtomicInteger();
        final AtomicInteger probesRan = new AtomicInteger();
        await().atMost(30, TimeUnit.SECONDS).until(() ->
        {
            final boolean admitted = workers.tryExecute(probesRan::incrementAndGet);
            if (admitted)
            {
                probesAdmitted.incrementAndGet(); // admitted before close began: it runs too
            }
            return !admitted;
        });
        release.countDown();
        closer.join(30_000);

        await().atMost(30, TimeUnit.SECONDS).until(() -> 0 == workers.threads());
        assertThat(ran).as("the running call and the three queued ones ran").hasValue(4);
        assertThat(probesRan).as("calls admitted before close ran; refused ones did not").hasValue(probesAdmitted.get());
    }

    @Test
    void closedWorkersRefuseCalls()
    {
        workers = new Workers(1, 10);
        workers.close();

        assertThat(workers.tryExecute(ran::incrementAndGet)).isFalse();
        assertThat(workers.admitted()).isZero();
    }
}
