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
     * How long the driver embedded in a process waits for that process's own Aeron client, Aeron's
     * default. The client stops itself for good (a fatal "service interval exceeded") after a pause
     * longer than this, such as a long GC, {@code kill -STOP} or a frozen VM, leaving a provider that
     * is registered but deaf. A short value would buy nothing: an embedded driver dies with its
     * client, so peers notice a dead process by image liveness ({@code peerTimeout}) either way.
     */
    public static final Duration EMBEDDED_CLIENT_LIVENESS = Duration.ofSeconds(10);

    /**
     * How stale a shared or external driver's heartbeat may be before it counts as dead: for a process
     * looking for one to attach to, and for an attached Aeron client, which closes itself after this.
     * Aeron's default, 10 s: on a loaded 2-core machine a driver that just started was seen 2 s late, and a
     * false alarm costs the client for good. A killed driver is found sooner where its pid is known.
     *
     * @param config the transport settings.
     * @return ten times the peer timeout, at least 10 s.
     */
    public static Duration attachedDriverTimeout(final TransportConfig config)
    {
        return Duration.ofNanos(Math.max(10 * config.peerTimeout().toNanos(), TimeUnit.SECONDS.toNanos(10)));
    }

    /**
     * The driver settings of {@code config} for a driver embedded in one process ({@link
     * #EMBEDDED_CLIENT_LIVENESS}) or standalone (null: twice the peer timeout), with a busy-spinning
     * driver thread when {@link TransportConfig#busySpin()}.
     *
     * @param dir            the driver directory.
     * @param config         the transport settings.
     * @param clientLiveness how long the driver waits for a silent client, or null for the standalone default.
     * @return a context ready for {@link MediaDriver#launch(MediaDriver.Context)}.
     */
    public static MediaDriver.Context context(final Path dir, final TransportConfig config, final Duration clientLiveness)
    {
        final MediaDriver.Context context = null == clientLiveness ?
            context(dir, config.termLength(), config.peerTimeout(), config.errorHandler()) :
            context(dir, config.termLength(), config.peerTimeout(), clientLiveness, config.errorHandler());
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
        return context(dir, termLength, peerTimeout,
            Duration.ofNanos(Math.max(2 * peerNs, TimeUnit.MILLISECONDS.toNanos(1500))), errorHandler);
    }

    /**
     * @param dir            the driver directory.
     * @param termLength     default term length for channels that do not name one.
     * @param peerTimeout    image liveness and publication connection timeout.
     * @param clientLiveness how long the driver keeps a silent client's resources, and how long a client
     *                       may go without servicing its conductor before it stops itself.
     * @param errorHandler   where driver errors go.
     * @return a context ready for {@link MediaDriver#launch(MediaDriver.Context)}.
     */
    public static MediaDriver.Context context(
        final Path dir,
        final int termLength,
        final Duration peerTimeout,
        final Duration clientLiveness,
        final ErrorHandler errorHandler)
    {
        final long peerNs = peerTimeout.toNanos();
        final long clientLivenessNs = clientLiveness.toNanos();
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
