package io.switchboard.transport.aeron.driver;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.ErrorHandler;
import io.switchboard.transport.aeron.TransportConfig;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;

/**
 * Media driver settings for request/response on small machines: one shared thread that backs off to
 * park, small terms, and liveness timeouts low enough that a dead peer is noticed in about 1–2 s
 * instead of Aeron's default 5–10 s.
 */
public final class DriverTuning
{
    private DriverTuning()
    {
    }

    /**
     * The driver settings of {@code config}: as {@link #context(Path, int, Duration, ErrorHandler)}, with a
     * busy-spinning driver thread when {@link TransportConfig#busySpin()}.
     *
     * @param dir    the driver directory.
     * @param config the transport settings.
     * @return a context ready for {@link MediaDriver#launch(MediaDriver.Context)}.
     */
    public static MediaDriver.Context context(final Path dir, final TransportConfig config)
    {
        final MediaDriver.Context context = context(dir, config.termLength(), config.peerTimeout(),
            config.errorHandler());
        return config.busySpin() ? context.sharedIdleStrategy(new BusySpinIdleStrategy()) : context;
    }

    /**
     * @param dir          the driver directory.
     * @param termLength   default term length for channels that do not name one.
     * @param peerTimeout  image liveness and publication connection timeout; client liveness is twice it.
     * @param errorHandler where driver errors go.
     * @return a context ready for {@link MediaDriver#launch(MediaDriver.Context)}.
     */
    public static MediaDriver.Context context(
        final Path dir, final int termLength, final Duration peerTimeout, final ErrorHandler errorHandler)
    {
        final long peerNs = peerTimeout.toNanos();
        final long clientLivenessNs = Math.max(2 * peerNs, TimeUnit.MILLISECONDS.toNanos(1500));
        return new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedThreadFactory(io.switchboard.transport.aeron.DaemonThreads.FACTORY)
            // On 2 cores one more polling thread costs more than name resolution inline on the driver thread.
            .asyncExecutorEnabled(false)
            .asyncExecutorThreadFactory(io.switchboard.transport.aeron.DaemonThreads.FACTORY)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(500)))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .termBufferSparseFile(true)
            .ipcTermBufferLength(termLength)
            .publicationTermBufferLength(termLength)
            .imageLivenessTimeoutNs(peerNs)
            .publicationConnectionTimeoutNs(peerNs)
            .clientLivenessTimeoutNs(clientLivenessNs)
            .publicationUnblockTimeoutNs(clientLivenessNs + peerNs)
            .publicationLingerTimeoutNs(Math.min(peerNs, TimeUnit.MILLISECONDS.toNanos(200)))
            .untetheredWindowLimitTimeoutNs(peerNs)
            .untetheredRestingTimeoutNs(peerNs)
            .timerIntervalNs(TimeUnit.MILLISECONDS.toNanos(100))
            .errorHandler(errorHandler);
    }
}
