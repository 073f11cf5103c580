package io.switchboard.benchmarks.call;

import io.switchboard.benchmarks.e2e.Echo;
import io.switchboard.benchmarks.e2e.EchoImpl;
import io.switchboard.benchmarks.e2e.EchoProviderMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole synchronous call path of a consumer with the agent: {@code Echo.echo(byte[64])} on an
 * instrumented {@link EchoImpl} in this fork (advice, dispatch, argument serialization, provider choice,
 * transport, result deserialization) answered by a provider JVM that the setup starts
 * ({@link EchoProviderMain} with {@code provide=Echo}, each with its own embedded driver ({@code driver=embedded},
 * not the default shared one), so over UDP loopback). With {@code -prof gc}, {@code gc.alloc.rate.norm} is what this consumer allocates per call:
 * the argument array the advice builds and the result array are the user's, the rest is Switchboard's.
 * The consumer's deadline is 30 s so that a provider starved by a loaded machine slows the run instead of
 * failing it. Run from the repository root (the agent jar path is relative), e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar 'call\.AgentCall' -prof gc}. {@link #callAsync} is the same
 * through {@code Echo.echoAsync}: the returned future is the user's result object too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-javaagent:agent/target/switchboard-agent.jar=registry.dir=target/jmh-agent-call-registry,timeout.ms=30000," +
        "driver=embedded" })
public class AgentCallBenchmark
{
    private static final String REGISTRY = "target/jmh-agent-call-registry";
    private final Echo echo = new EchoImpl();
    private final byte[] payload = new byte[64];
    private Process provider;

    /**
     * Starts the provider and waits until a call goes through.
     *
     * @throws Exception when the provider does not come up.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        Files.createDirectories(Path.of(REGISTRY));
        final String java = ProcessHandle.current().info().command().orElse("java");
        provider = new ProcessBuilder(List.of(java, "-Xmx256m", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-javaagent:agent/target/switchboard-agent.jar=provide=" + Echo.class.getName() + ",registry.dir=" + REGISTRY +
                ",driver=embedded",
            "-cp", System.getProperty("java.class.path"), EchoProviderMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(new File("target/jmh-agent-call-provider.log"))
            .start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                if (echo.echo(new byte[1]).length == 1)
                {
                    return;
                }
            }
            catch (final RuntimeException ex)
            {
                if (System.nanoTime() - deadline > 0 || !provider.isAlive())
                {
                    throw new IllegalStateException("the Echo provider did not answer within 60 s; see " +
                        "target/jmh-agent-call-provider.log", ex);
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * Stops the provider.
     *
     * @throws InterruptedException when interrupted.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        if (null != provider)
        {
            provider.destroyForcibly();
            provider.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * @return the echoed payload.
     */
    @Benchmark
    public byte[] call()
    {
        return echo.echo(payload);
    }

    /**
     * The asynchronous path ({@code Echo.echoAsync}): the future is the user's result object; this thread
     * waits for it by yielding, not {@code join()} on an incomplete future (whose waiter node would count).
     *
     * @return the echoed payload.
     */
    @Benchmark
    public byte[] callAsync()
    {
        final CompletableFuture<byte[]> future = echo.echoAsync(payload);
        while (!future.isDone())
        {
            Thread.yield();
        }
        return future.join();
    }
}
