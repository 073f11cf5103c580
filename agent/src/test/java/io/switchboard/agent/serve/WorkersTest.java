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
    void closedWorkersRefuseCalls()
    {
        workers = new Workers(1, 10);
        workers.close();

        assertThat(workers.tryExecute(ran::incrementAndGet)).isFalse();
        assertThat(workers.admitted()).isZero();
    }
}
