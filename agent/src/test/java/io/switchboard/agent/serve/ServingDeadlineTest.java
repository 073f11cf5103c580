package io.switchboard.agent.serve;

import io.switchboard.api.RpcTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ServingDeadlineTest
{
    // One worker; one call may wait, because the worker completes a call's future just before it counts
    // itself free, and the next call of a test must not be refused for that.
    private final Workers workers = new Workers(1, 1);

    @AfterEach
    void close()
    {
        workers.close();
    }

    private long onAWorker(final LongSupplier body) throws Exception
    {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        assertThat(workers.tryExecute(() -> result.complete(body.getAsLong()))).isTrue();
        return result.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aNestedCallOnAServingWorkerGetsNoMoreTimeThanItsCallerHasLeft() throws Exception
    {
        final long capped = onAWorker(() ->
        {
            ServingDeadline.begin(1_000L);
            try
            {
                return ServingDeadline.cap(5_000L);
            }
            finally
            {
                ServingDeadline.end();
            }
        });

        assertThat(capped).isEqualTo(1_000L);
    }

    @Test
    void aNestedCallWithLessTimeThanItsCallerKeepsItsOwnDeadline() throws Exception
    {
        final long kept = onAWorker(() ->
        {
            ServingDeadline.begin(9_000L);
            try
            {
                return ServingDeadline.cap(5_000L);
            }
            finally
            {
                ServingDeadline.end();
            }
        });

        assertThat(kept).isEqualTo(5_000L);
    }

    @Test
    void deadlinesCompareAcrossTheWrapOfNanoTime() throws Exception
    {
        final long serving = Long.MAX_VALUE - 10; // nanoTime values may wrap: compare by difference
        final long nested = Long.MIN_VALUE + 10;

        final long capped = onAWorker(() ->
        {
            ServingDeadline.begin(serving);
            try
            {
                return ServingDeadline.cap(nested);
            }
            finally
            {
                ServingDeadline.end();
            }
        });

        assertThat(capped).isEqualTo(serving);
    }

    @Test
    void aWorkerBetweenCallsAndAnyOtherThreadAddNoDeadline() throws Exception
    {
        assertThat(onAWorker(() -> ServingDeadline.cap(5_000L))).isEqualTo(5_000L);
        assertThat(onAWorker(() ->
        {
            ServingDeadline.begin(1_000L);
            ServingDeadline.end();
            return ServingDeadline.cap(5_000L);
        })).isEqualTo(5_000L);
        assertThat(ServingDeadline.cap(5_000L)).as("not a worker").isEqualTo(5_000L);
    }

    @Test
    void aNestedCallNotSentForLackOfTimeIsATimeoutThatSaysItDidNotRun()
    {
        assertThat(ServingDeadline.passed("com.acme.Pricing.quote(Ljava/lang/String;)"))
            .isInstanceOf(RpcTimeoutException.class)
            .hasMessageContaining("com.acme.Pricing.quote")
            .hasMessageContaining("did not run");
    }
}
