package io.switchboard.transport.aeron;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReattachTest
{
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void aLossIsReportedOnceAndRetriedWithBackoffUntilAnAttemptWorks()
    {
        final AtomicInteger tries = new AtomicInteger();
        final Reattach reattach = new Reattach("/dev/shm/x", () ->
        {
            if (tries.incrementAndGet() < 3)
            {
                throw new IllegalStateException("no driver yet");
            }
        }, log::add);

        assertThat(reattach.lost("driver died")).isTrue();
        assertThat(reattach.lost("driver died again")).as("a second report of the same loss").isFalse();
        assertThat(reattach.state()).isEqualTo(Reattach.State.LOST);
        assertThat(reattach.reason()).contains("lost its media driver at /dev/shm/x (driver died)");
        startRun(reattach);

        assertThat(reattach.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(30))).isNull();
        assertThat(reattach.state()).isEqualTo(Reattach.State.ATTACHED);
        assertThat(reattach.reason()).isNull();
        assertThat(tries).hasValue(3);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).contains("lost its media driver at /dev/shm/x (driver died)", "switchboard.driver=embedded");
        assertThat(log.get(1)).contains("re-attached to the media driver at /dev/shm/x", "(3 attempts)");
    }

    @Test
    void aCallerWaitsUpToItsDeadlineAndIsToldWhyAndWhatWasTried()
    {
        final Reattach reattach = new Reattach("/dev/shm/x", () ->
        {
            throw new IllegalStateException("the shared media driver exited at start");
        }, log::add);
        reattach.lost("client timed out");
        startRun(reattach);

        await().atMost(Duration.ofSeconds(30)).until(() -> null != reattach.await(System.nanoTime()) &&
            reattach.await(System.nanoTime()).contains("last: the shared media driver exited at start"));
        final String why = reattach.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(why).contains("client timed out", "still re-attaching after", "so the call was not sent");
        reattach.close();
    }

    @Test
    void closingStopsAttemptsAndReleasesWaitingCallers() throws Exception
    {
        final AtomicInteger tries = new AtomicInteger();
        final Reattach reattach = new Reattach("/dev/shm/x", () ->
        {
            tries.incrementAndGet();
            throw new IllegalStateException("no driver");
        }, log::add);
        reattach.lost("driver died");
        final Thread runner = startRun(reattach);
        final CountDownLatch waiting = new CountDownLatch(1);
        final String[] answer = new String[1];
        final Thread caller = new Thread(() ->
        {
            waiting.countDown();
            answer[0] = reattach.await(System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        });
        caller.start();
        waiting.await();
        await().atMost(Duration.ofSeconds(30)).until(() -> tries.get() >= 1);

        reattach.close();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        runner.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(caller.isAlive()).isFalse();
        assertThat(runner.isAlive()).as("no more attempts after close").isFalse();
        assertThat(answer[0]).isEqualTo("transport is closed");
        assertThat(reattach.lost("late report")).as("no loss after close").isFalse();
        assertThat(log).hasSize(1);
    }

    @Test
    void aNewLossAfterRecoveryIsHandledAgain()
    {
        final Reattach reattach = new Reattach("/dev/shm/x", () -> { }, log::add);
        assertThat(reattach.await(System.nanoTime())).as("attached: no wait").isNull();
        for (int round = 0; round < 2; round++)
        {
            assertThat(reattach.lost("driver died")).isTrue();
            startRun(reattach);
            assertThat(reattach.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(30))).isNull();
        }
        assertThat(log).hasSize(4);
    }

    private static Thread startRun(final Reattach reattach)
    {
        final Thread thread = new Thread(reattach::run, "reattach-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
