package io.switchboard.benchmarks.e2e;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One measurement of one scenario at one payload size and one request rate: the latency histogram
 * (nanoseconds from the scheduled send time to the reply) and the achieved throughput. Knows its two
 * text forms: the summary line users read, and a line carrying the whole histogram from a driver
 * process to the harness.
 *
 * @param scenario  scenario name, e.g. {@code switchboard-sync-ipc}.
 * @param payload   payload bytes per request.
 * @param rate      requests per second offered, or {@link #MAX_RATE} for as fast as replies allow.
 * @param histogram latencies in nanoseconds.
 * @param opsPerSec replies received per second of the measurement.
 * @param errors    calls that failed (not recorded in the histogram).
 */
public record ScenarioResult(String scenario, int payload, int rate, Histogram histogram, double opsPerSec, long errors)
{
    /** {@link #rate()} of a throughput run. */
    public static final int MAX_RATE = 0;

    private static final String HISTOGRAM_PREFIX = "histogram ";

    /**
     * @return a new histogram suitable for {@link #histogram()}: 1 ns to 60 s, 3 significant digits.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /**
     * @return {@code req/s} as text, or {@code max}.
     */
    public String rateText()
    {
        return MAX_RATE == rate ? "max" : Integer.toString(rate);
    }

    /**
     * @param percentile from 0 to 100.
     * @return the latency at that percentile in microseconds.
     */
    public double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    /**
     * @return the summary line:
     * {@code scenario=<name> payload=<bytes> rate=<req/s or max> p50_us=… p90_us=… p99_us=… p999_us=… max_us=… ops_per_s=…}.
     */
    public String line()
    {
        return String.format(Locale.ROOT,
            "scenario=%s payload=%d rate=%s p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f ops_per_s=%.0f",
            scenario, payload, rateText(), micros(50), micros(90), micros(99), micros(99.9),
            histogram.getMaxValue() / 1e3, opsPerSec);
    }

    /**
     * @return one line with every field and the compressed histogram, for {@link #parseHistogramLine(String)}.
     */
    public String histogramLine()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return HISTOGRAM_PREFIX + "scenario=" + scenario + " payload=" + payload + " rate=" + rateText() +
            " ops_per_s=" + String.format(Locale.ROOT, "%.1f", opsPerSec) + " errors=" + errors +
            " data=" + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * @param line any line of a driver process's output.
     * @return whether it is a {@link #histogramLine()}.
     */
    public static boolean isHistogramLine(final String line)
    {
        return line.startsWith(HISTOGRAM_PREFIX);
    }

    /**
     * @param line a {@link #histogramLine()}.
     * @return the result it describes.
     * @throws IllegalArgumentException when the line is not one.
     */
    public static ScenarioResult parseHistogramLine(final String line)
    {
        if (!isHistogramLine(line))
        {
            throw new IllegalArgumentException("not a histogram line: " + line);
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String piece : line.substring(HISTOGRAM_PREFIX.length()).trim().split(" "))
        {
            final int eq = piece.indexOf('=');
            if (eq > 0)
            {
                fields.put(piece.substring(0, eq), piece.substring(eq + 1));
            }
        }
        try
        {
            final byte[] data = Base64.getDecoder().decode(require(fields, "data", line));
            final Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(data), 0);
            final String rate = require(fields, "rate", line);
            return new ScenarioResult(
                require(fields, "scenario", line),
                Integer.parseInt(require(fields, "payload", line)),
                "max".equals(rate) ? MAX_RATE : Integer.parseInt(rate),
                histogram,
                Double.parseDouble(require(fields, "ops_per_s", line)),
                Long.parseLong(require(fields, "errors", line)));
        }
        catch (final DataFormatException | RuntimeException ex)
        {
            throw new IllegalArgumentException("malformed histogram line (" + ex + "): " + line, ex);
        }
    }

    private static String require(final Map<String, String> fields, final String key, final String line)
    {
        final String value = fields.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException("histogram line lacks " + key + "=: " + line);
        }
        return value;
    }
}
