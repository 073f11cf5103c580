package io.switchboard.agent.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.esotericsoftware.kryo.io.Output;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.switchboard.api.Remote;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.transport.aeron.AeronTransport;
import io.switchboard.transport.aeron.TransportCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Floods a real provider with garbage while a legitimate consumer keeps calling it: an attacker JVM
 * ({@link FloodMain}) sends random and forged frames and Connects to the provider's UDP endpoint at
 * full speed and calls it with arguments naming a deserialization gadget. The consumer must be served
 * with zero errors throughout, the provider must run exactly the consumer's calls (nothing the
 * attacker sent), refuse every gadget call with one rate-limited log line naming the class, the
 * method and the attacker's address, and count what it rejected. Latencies before and during the
 * flood, and the counters, are printed, never asserted.
 */
class FloodIT
{
    private static final Pattern SERVING_AT = Pattern.compile("switchboard: serving \\S+ from \\S+ at ([^ ]+):(\\d+) ");
    private static final Pattern PROGRESS = Pattern.compile("progress before=(\\d+) during=(\\d+)");
    private static final Pattern RAN = Pattern.compile("stopped serving; ran (\\d+) calls;.* refused (\\d+) naming a class");
    private static final Pattern COUNTERS = Pattern.compile("switchboard: transport counters: (.*)");
    private static final String GADGET = "com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl";

    @TempDir
    Path work;

    @Test
    void aLegitimateConsumerIsServedWithoutErrorsWhileAnAttackerFloodsAndNothingTheAttackerSentRuns() throws Exception
    {
        final Path registry = Files.createDirectories(work.resolve("registry"));
        final Path consumerDir = Files.createDirectories(work.resolve("consumer"));
        final Path attackerDir = Files.createDirectories(work.resolve("attacker"));
        final List<ChildJvm.Running> children = new ArrayList<>();
        try
        {
            final ChildJvm.Running provider = E2e.startProvider(work, registry);
            children.add(provider);
            final long providerStartNs = System.nanoTime();
            final Matcher at = SERVING_AT.matcher(provider.err());
            assertThat(at.find()).as(E2e.output(provider)).isTrue();

            final ChildJvm.Running consumer = ChildJvm.start(consumerDir, Map.of(), consumerCommand(registry));
            children.add(consumer);
            await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> progress(consumer)[0] >= 2000 || !consumer.process.isAlive());
            assertThat(consumer.process.isAlive()).as(E2e.output(consumer)).isTrue();

            Files.createFile(consumerDir.resolve("flood"));
            final ChildJvm.Running attacker = ChildJvm.start(attackerDir, Map.of(),
                attackerCommand(at.group(1), at.group(2)));
            children.add(attacker);
            await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(200))
                .until(() -> attacker.out().contains("publication connected=true") || !attacker.process.isAlive());
            final long floodFrom = progress(consumer)[1];
            // The flood goes on while the consumer makes another 3000 calls.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> progress(consumer)[1] >= floodFrom + 3000 || !attacker.process.isAlive());
            Files.createFile(attackerDir.resolve("flood-stop"));
            final ChildJvm.Result flood = attacker.await();
            Files.createFile(consumerDir.resolve("stop"));
            final ChildJvm.Result calls = consumer.await();

            provider.process.destroy(); // SIGTERM: the agent shuts down and prints its counters
            assertThat(provider.process.waitFor(ChildJvm.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            final long providerSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - providerStartNs);
            final String providerErr = provider.err();
            final Map<String, String> consumed = E2e.results(calls.out());
            final Map<String, String> attacked = E2e.results(flood.out());
            final Matcher ran = RAN.matcher(providerErr);
            final boolean stopped = ran.find();
            final Matcher counters = COUNTERS.matcher(providerErr);
            final boolean counted = counters.find();
            final List<String> refusalLines = providerErr.lines().filter(l -> l.contains("refused a call of")).toList();

            System.out.println("FloodIT: consumer before the flood: " + phase(consumed, "before"));
            System.out.println("FloodIT: consumer during the flood: " + phase(consumed, "during"));
            flood.out().lines().filter(l -> l.startsWith("flood:")).forEach(l -> System.out.println("FloodIT: " + l));
            System.out.println("FloodIT: provider " + (stopped ? ran.group() : "(no stop line)"));
            System.out.println("FloodIT: provider " + (counted ? counters.group() : "(no counters line)"));
            System.out.println("FloodIT: provider logged " + refusalLines.size() + " refusal lines in " + providerSeconds +
                " s, first: " + refusalLines.stream().findFirst().orElse("none"));

            assertThat(calls.exitCode()).as(calls.toString()).isZero();
            assertThat(flood.exitCode()).as(flood.toString()).isZero();
            assertThat(consumed.get("before.errors")).as(consumed.get("before.firstError")).isEqualTo("0");
            assertThat(consumed.get("during.errors")).as(consumed.get("during.firstError")).isEqualTo("0");
            assertThat(Long.parseLong(consumed.get("during.calls"))).isGreaterThanOrEqualTo(3000);
            assertThat(Long.parseLong(attacked.get("flood.frames"))).isPositive();
            assertThat(Long.parseLong(attacked.get("flood.gadgetsRejected"))).as(flood.out()).isPositive();

            assertThat(stopped).as(providerErr).isTrue();
            assertThat(Long.parseLong(ran.group(1))).as("calls the provider ran: exactly the consumer's")
                .isEqualTo(Long.parseLong(consumed.get("total.calls")));
            assertThat(Long.parseLong(ran.group(2))).as("gadget calls refused").isPositive();
            assertThat(counted).as(providerErr).isTrue();
            final Map<String, Long> rejected = TransportCounters.parse(counters.group(1));
            assertThat(rejected.get("malformedFrames") + rejected.get("unknownSchema") + rejected.get("truncatedFrames"))
                .isPositive();
            assertThat(rejected.get("requestsFromUnknownClients")).isPositive();
            assertThat(refusalLines).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("WARNING", GADGET, "echo", "from 127.0.0.1:", "PAYLOAD_REJECTED"));
            assertThat(refusalLines.size()).as("refusals are logged at most once a second")
                .isLessThanOrEqualTo((int)providerSeconds + 1);
        }
        finally
        {
            children.forEach(ChildJvm.Running::close);
        }
    }

    private static long[] progress(final ChildJvm.Running consumer) throws IOException
    {
        final Matcher m = PROGRESS.matcher(consumer.out());
        long[] last = {0, 0};
        while (m.find())
        {
            last = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
        return last;
    }

    private static String phase(final Map<String, String> values, final String phase)
    {
        return values.get(phase + ".calls") + " calls, " + values.get(phase + ".errors") + " errors, p50 " +
            values.get(phase + ".p50us") + " us, p99 " + values.get(phase + ".p99us") + " us";
    }

    private static List<String> consumerCommand(final Path registry)
    {
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add(E2e.javaagent(E2e.registry(registry) + "," + E2e.CALL_TIMEOUT));
        command.addAll(List.of("-cp", E2e.appClassPath(), SteadyEchoConsumerMain.class.getName()));
        return command;
    }

    private static List<String> attackerCommand(final String host, final String port)
    {
        final String classPath = String.join(File.pathSeparator, ChildJvm.codeSource(FloodMain.class),
            ChildJvm.codeSource(AeronTransport.class), ChildJvm.codeSource(Remote.class), ChildJvm.codeSource(Aeron.class),
            ChildJvm.codeSource(MediaDriver.class), ChildJvm.codeSource(UnsafeBuffer.class),
            ChildJvm.codeSource(Output.class));
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.addAll(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "-cp", classPath, FloodMain.class.getName(), host, port, E2e.SERVICE));
        return command;
    }
}
