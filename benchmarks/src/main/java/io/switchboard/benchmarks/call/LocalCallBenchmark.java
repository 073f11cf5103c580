package io.switchboard.benchmarks.call;

import io.switchboard.benchmarks.e2e.Echo;
import io.switchboard.benchmarks.e2e.EchoImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What the agent costs a call that stays in its providing process: {@code Echo.echo} on the provider's
 * own {@link EchoImpl}, in a fork started with
 * {@code -javaagent:agent/target/switchboard-agent.jar=provide=io.switchboard.benchmarks.e2e.Echo}
 * ({@code withAgent}: the class is instrumented, the advice asks the call path and runs the method
 * locally) and in a fork without it ({@code withoutAgent}); the difference is the agent's cost. The
 * agent jar path is relative: run from the repository root, e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar 'call\.LocalCall' -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalCallBenchmark
{
    private final Echo echo = new EchoImpl();
    private final byte[] payload = new byte[64];

    /**
     * @return the echoed payload.
     */
    @Benchmark
    @Fork(1)
    public byte[] withoutAgent()
    {
        return echo.echo(payload);
    }

    /**
     * @return the echoed payload.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {
        "-javaagent:agent/target/switchboard-agent.jar=provide=io.switchboard.benchmarks.e2e.Echo",
        "-Dswitchboard.registry.dir=target/jmh-local-call-registry" })
    public byte[] withAgent()
    {
        return echo.echo(payload);
    }
}
