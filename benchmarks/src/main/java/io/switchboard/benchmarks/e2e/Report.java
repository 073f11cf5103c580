package io.switchboard.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns results into {@code latest.md} (a table with ratios to the raw Aeron and gRPC rows of the same
 * payload and rate) and {@code latest.png} (latency by percentile, one line per scenario).
 */
public final class Report
{
    /** Every scenario, in the order run and shown. */
    public static final List<String> SCENARIOS = List.of(
        "aeron-echo-udp", "aeron-echo-ipc", "switchboard-sync-udp", "switchboard-sync-ipc", "switchboard-async-ipc",
        "grpc-unary-blocking", "grpc-unary-async", "aeron-echo-udp-busy", "switchboard-sync-udp-lowlat",
        "switchboard-sync-ipc-lowlat");

    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    private Report()
    {
    }

    /**
     * @param scenario a scenario name.
     * @return the raw Aeron scenario on the same channel, if any.
     */
    static Optional<String> aeronBaseline(final String scenario)
    {
        if (scenario.startsWith("grpc") || scenario.startsWith("aeron"))
        {
            return Optional.empty();
        }
        return Optional.of(scenario.contains("-udp") ? "aeron-echo-udp" : "aeron-echo-ipc");
    }

    /**
     * @param scenario a scenario name.
     * @return the gRPC scenario of the same calling style, if any.
     */
    static Optional<String> grpcBaseline(final String scenario)
    {
        if (scenario.startsWith("grpc"))
        {
            return Optional.empty();
        }
        return Optional.of(scenario.contains("async") ? "grpc-unary-async" : "grpc-unary-blocking");
    }

    /**
     * @param results  every result.
     * @param machine  description of the machine and its load.
     * @param failures scenarios that failed, with why.
     * @param plan     the load plan options used.
     * @return the Markdown report.
     */
    public static String markdown(final List<ScenarioResult> results, final String machine, final List<String> failures,
        final String plan)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# End-to-end latency and throughput\n\n");
        md.append("Machine: ").append(machine).append(". Plan: `").append(plan).append("`.\n\n");
        md.append("Latency in µs from the scheduled send time (fixed rates, no coordinated omission) or from the send ")
            .append("time (`max`: one call in flight for synchronous scenarios, ").append(LoadGenerator.WINDOW)
            .append(" for asynchronous ones). ×Aeron = this row ÷ raw Aeron echo on the same channel (lower is better); ")
            .append("gRPC÷ = the gRPC row of the same calling style ÷ this row (higher is better); ")
            .append("ops ×gRPC = throughput ÷ gRPC's.\n\n");
        md.append("| scenario | payload B | rate/s | p50 | p90 | p99 | p99.9 | max | ops/s | p50 ×Aeron | p99 ×Aeron | gRPC÷ p50 | gRPC÷ p99 | ops ×gRPC |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final ScenarioResult r : results)
        {
            final Optional<ScenarioResult> aeron = aeronBaseline(r.scenario()).flatMap(b -> find(results, b, r));
            final Optional<ScenarioResult> grpc = grpcBaseline(r.scenario()).flatMap(b -> find(results, b, r));
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %s | %s | %s | %s | %s |\n",
                r.scenario(), r.payload(), r.rateText(), r.micros(50), r.micros(90), r.micros(99), r.micros(99.9),
                r.histogram().getMaxValue() / 1e3, r.opsPerSec(),
                ratio(aeron.map(a -> r.micros(50) / a.micros(50))),
                ratio(aeron.map(a -> r.micros(99) / a.micros(99))),
                ratio(grpc.map(g -> g.micros(50) / r.micros(50))),
                ratio(grpc.map(g -> g.micros(99) / r.micros(99))),
                ScenarioResult.MAX_RATE == r.rate() ? ratio(grpc.map(g -> r.opsPerSec() / g.opsPerSec())) : "–"));
        }
        for (final ScenarioResult r : results)
        {
            if (r.errors() > 0)
            {
                md.append("\n").append(r.scenario()).append(" payload ").append(r.payload()).append(" rate ")
                    .append(r.rateText()).append(": ").append(r.errors()).append(" failed calls.");
            }
        }
        if (!failures.isEmpty())
        {
            md.append("\nFailed scenarios:\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        md.append("\n![latency by percentile](latest.png)\n");
        return md.toString();
    }

    private static Optional<ScenarioResult> find(final List<ScenarioResult> results, final String scenario,
        final ScenarioResult like)
    {
        return results.stream()
            .filter(r -> r.scenario().equals(scenario) && r.payload() == like.payload() && r.rate() == like.rate())
            .findFirst();
    }

    private static String ratio(final Optional<Double> value)
    {
        return value.filter(v -> !v.isNaN() && !v.isInfinite()).map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("–");
    }

    /**
     * Draws latency by percentile for the smallest payload at the lowest fixed rate (or at {@code max} when no
     * fixed rate was run), one line per scenario.
     *
     * @param results every result.
     * @param file    the PNG to write.
     * @throws IOException when it cannot be written.
     */
    public static void png(final List<ScenarioResult> results, final Path file) throws IOException
    {
        final int payload = results.stream().mapToInt(ScenarioResult::payload).min().orElse(64);
        final int rate = results.stream().mapToInt(ScenarioResult::rate).filter(r -> r != ScenarioResult.MAX_RATE).min()
            .orElse(ScenarioResult.MAX_RATE);
        final XYChart chart = new XYChartBuilder().width(1000).height(600)
            .title(String.format(Locale.ROOT, "Round-trip latency by percentile, %d B payload, %s req/s",
                payload, ScenarioResult.MAX_RATE == rate ? "max" : String.valueOf(rate)))
            .xAxisTitle("1 / (1 - percentile): 2 = p50, 10 = p90, 100 = p99, 1000 = p99.9, 10000 = p99.99").yAxisTitle("latency (µs, log)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        // A formatting function on a logarithmic axis makes XChart 3.8.8 loop; the axis title explains the scale instead.
        for (final ScenarioResult r : results)
        {
            if (r.payload() != payload || r.rate() != rate || r.histogram().getTotalCount() == 0)
            {
                continue;
            }
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (final double p : PERCENTILES)
            {
                xs.add(100 / (100 - p));
                ys.add(Math.max(0.1, r.micros(p)));
            }
            chart.addSeries(r.scenario(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        if (chart.getSeriesMap().isEmpty())
        {
            chart.addSeries("no results", List.of(1.0, 2.0), List.of(1.0, 1.0));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
