package io.switchboard.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest
{
    private static ScenarioResult result(final String scenario, final int rate, final long micros, final double ops)
    {
        final Histogram histogram = ScenarioResult.newHistogram();
        histogram.recordValueWithCount(micros * 1000, 100);
        return new ScenarioResult(scenario, 64, rate, histogram, ops, 0);
    }

    @Test
    void summaryLineHasTheDocumentedFieldsInOrder()
    {
        assertThat(result("switchboard-sync-ipc", 500, 20, 500).line())
            .matches("scenario=switchboard-sync-ipc payload=64 rate=500 p50_us=\\d+\\.\\d p90_us=\\d+\\.\\d " +
                "p99_us=\\d+\\.\\d p999_us=\\d+\\.\\d max_us=\\d+\\.\\d ops_per_s=500");
        assertThat(result("grpc-unary-async", ScenarioResult.MAX_RATE, 20, 1234.4).line())
            .contains(" rate=max ").endsWith("ops_per_s=1234");
    }

    @Test
    void histogramLineRoundTripsBetweenProcesses()
    {
        final ScenarioResult sent = result("aeron-echo-udp", 500, 35, 499.9);
        final ScenarioResult received = ScenarioResult.parseHistogramLine(sent.histogramLine());
        assertThat(received.line()).isEqualTo(sent.line());
        assertThat(received.histogram().getTotalCount()).isEqualTo(100);
        assertThat(ScenarioResult.isHistogramLine(sent.line())).isFalse();
    }

    @Test
    void tableComparesSwitchboardWithAeronOnTheSameChannelAndGrpcOfTheSameStyle()
    {
        final String md = Report.markdown(List.of(
            result("aeron-echo-ipc", 500, 10, 500),
            result("switchboard-sync-ipc", 500, 15, 500),
            result("grpc-unary-blocking", 500, 300, 500)), "2 cores", List.of(), "--quick");

        final String row = md.lines().filter(l -> l.startsWith("| switchboard-sync-ipc")).findFirst().orElseThrow();
        // p50 ×Aeron = 15/10, gRPC÷ p50 = 300/15 (HdrHistogram buckets values to 3 significant digits)
        assertThat(row).containsPattern("\\| 1\\.50 \\| 1\\.50 \\| (19\\.9\\d|20\\.0\\d) \\|");
        assertThat(md).contains("Machine: 2 cores").contains("latest.png");
    }
}
