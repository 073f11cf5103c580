package io.switchboard.agent.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.switchboard.agent.call.CallPath;
import io.switchboard.agent.call.outcome.CallOutcomes;
import io.switchboard.agent.call.outcome.Outcome;

import java.util.function.Consumer;

/**
 * Reports the call path's outcome counters as the observable counter
 * {@code switchboard.rpc.client.calls} with attributes {@code rpc.system=switchboard},
 * {@code rpc.service} and {@code switchboard.outcome} ({@code ok}, {@code retried}, ...; see
 * {@link Outcome}). The counters are read when the SDK collects, so calls pay nothing for metrics.
 */
public final class CallMetrics implements AutoCloseable
{
    /** The metric's name. */
    public static final String NAME = "switchboard.rpc.client.calls";

    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("switchboard.outcome");

    private final ObservableLongCounter counter;

    private CallMetrics(final ObservableLongCounter counter)
    {
        this.counter = counter;
    }

    /**
     * @param meter    the meter to register with.
     * @param services gives each service's counters to its argument, e.g. {@link CallPath#forEachOutcomes}.
     * @return the registration; close it to stop reporting.
     */
    public static CallMetrics register(final Meter meter, final Consumer<Consumer<CallOutcomes>> services)
    {
        final Outcome[] outcomes = Outcome.values();
        return new CallMetrics(meter.counterBuilder(NAME)
            .setDescription("Remote calls made by this process, by service and outcome; retried and failed_over " +
                "count re-sends, the other outcomes count calls")
            .setUnit("{call}")
            .buildWithCallback(measurement -> services.accept(counts ->
            {
                for (final Outcome outcome : outcomes)
                {
                    measurement.record(counts.get(outcome), Attributes.of(
                        RPC_SYSTEM, "switchboard", RPC_SERVICE, counts.service(), OUTCOME, outcome.label()));
                }
            })));
    }

    @Override
    public void close()
    {
        counter.close();
    }
}
