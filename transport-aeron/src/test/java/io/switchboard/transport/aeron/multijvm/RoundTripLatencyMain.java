package io.switchboard.transport.aeron.multijvm;

import io.aeron.driver.MediaDriver;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.CallStatus;
import io.switchboard.transport.aeron.EchoHandler;
import io.switchboard.transport.aeron.Endpoint;
import io.switchboard.transport.aeron.TransportConfig;
import io.switchboard.transport.aeron.client.ClientSession;
import io.switchboard.transport.aeron.client.Response;
import io.switchboard.transport.aeron.driver.DriverTuning;
import io.switchboard.transport.aeron.driver.ShmDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Measures synchronous 64-byte round trips between this JVM and a server JVM: over UDP (two embedded
 * drivers) and over IPC (one shared driver). Not a test: run it by hand, e.g.
 * {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp <test classpath>
 * io.switchboard.transport.aeron.multijvm.RoundTripLatencyMain [iterations]}.
 */
public final class RoundTripLatencyMain
{
    public static void main(final String[] args) throws Exception
    {
        final int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final Path sharedDir = ShmDirectories.root().resolve("switchboard-latency-" + ProcessHandle.current().pid());
        final MediaDriver shared = MediaDriver.launch(DriverTuning.context(
            sharedDir, TransportConfig.DEFAULT_TERM_LENGTH, Duration.ofSeconds(1), Throwable::printStackTrace));
        final ChildJvm udpServer = new ChildJvm(TestServerMain.class, "-", "1048576");
        final ChildJvm ipcServer = new ChildJvm(TestServerMain.class, sharedDir.toString(), "1048576");
        final AeronTransport udpClient = AeronTransport.launch(TransportConfig.builder().build());
        final AeronTransport ipcClient = AeronTransport.launch(TransportConfig.builder().driverDir(sharedDir).build());
        try
        {
            run("udp", udpClient.connect(Endpoint.parse(udpServer.awaitLine("ENDPOINT", 30, TimeUnit.SECONDS))), iterations);
            run("ipc", ipcClient.connect(Endpoint.parse(ipcServer.awaitLine("ENDPOINT", 30, TimeUnit.SECONDS))), iterations);
        }
        finally
        {
            CloseHelper.quietCloseAll(udpClient, ipcClient, udpServer, ipcServer, shared);
        }
    }

    private static void run(final String name, final ClientSession session, final int iterations)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final long timeout = TimeUnit.SECONDS.toNanos(5);
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int round = 0; round < 2; round++)
        {
            histogram.reset();
            for (int i = 0; i < iterations; i++)
            {
                final long start = System.nanoTime();
                final Response r = session.call(EchoHandler.ECHO, 1, payload, 0, 64, timeout);
                histogram.recordValue(System.nanoTime() - start);
                if (r.status() != CallStatus.OK)
                {
                    throw new IllegalStateException(name + " call failed: " + r);
                }
            }
        }
        System.out.printf("%s 64 B sync round trip, %d calls after %d warm-up: p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us%n",
            name, iterations, iterations, histogram.getValueAtPercentile(50) / 1000.0,
            histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
            histogram.getMaxValue() / 1000.0);
    }
}
