package io.switchboard.agent.it.chaos;

import com.acme.chaos.ChaosProviderMain;
import com.acme.chaos.LoadMain;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The real JVMs of one chaos experiment: providers of {@code com.acme.chaos.Ledger} (and a relay)
 * and consumers running {@link LoadMain}, all in one private registry, with a shared journal
 * directory where each provider records the request ids it ran. Sends signals by pid with the
 * {@code kill} command, reads journals and the providers' shutdown counters, and always continues
 * and kills what it started.
 */
final class ChaosCluster implements AutoCloseable
{
    static final String LEDGER = "com.acme.chaos.Ledger";
    static final String RELAY = "com.acme.chaos.Relay";
    private static final Pattern STOPPED = Pattern.compile(
        "stopped serving; ran (\\d+) calls; refused without running (\\d+) as overloaded, (\\d+) past their " +
            "deadline and (\\d+) while shutting down");

    private static final long WARMUP_MS = 1000;

    final Path workDir;
    final Path registryDir;
    final Path journalDir;
    private final List<ChildJvm.Running> children = new ArrayList<>();

    ChaosCluster(final Path workDir) throws IOException
    {
        this.workDir = workDir;
        this.registryDir = Files.createDirectories(workDir.resolve("registry"));
        this.journalDir = Files.createDirectories(workDir.resolve("journal"));
    }

    /**
     * Starts providers of the ledger with the given extra agent arguments (one entry per provider,
     * "" for none) and waits until all serve.
     */
    List<ChildJvm.Running> startLedgers(final String... agentArgs) throws IOException
    {
        final List<ChildJvm.Running> started = new ArrayList<>();
        for (final String extra : agentArgs)
        {
            started.add(startProvider(LEDGER, "ledger", extra));
        }
        for (final ChildJvm.Running provider : started)
        {
            E2e.awaitServing(provider, LEDGER);
        }
        return started;
    }

    ChildJvm.Running startProvider(final String service, final String which, final String extraAgentArgs)
        throws IOException
    {
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add("-Dchaos.journal=" + journalDir);
        command.add(E2e.javaagent("provide=" + service + "," + E2e.registry(registryDir) +
            ",service.name=chaos-" + which + ",shutdown.grace.ms=1000" + (extraAgentArgs.isEmpty() ? "" : "," + extraAgentArgs)));
        command.addAll(List.of("-cp", classPath(), ChaosProviderMain.class.getName(), which));
        return track(ChildJvm.start(workDir, Map.of(), command));
    }

    /**
     * Starts a consumer running the load, waits until its first call succeeded, lets it warm up
     * (connections to every provider, compiled code) and starts its {@code steady} phase.
     *
     * @param agentArgs extra agent arguments, e.g. {@code timeout.ms=3000}.
     * @param load      {@link LoadMain}'s arguments before the outcomes file.
     */
    Load startLoad(final String agentArgs, final String... load) throws IOException
    {
        final Path outcomes = Files.createTempFile(workDir, "outcomes", ".txt");
        final List<String> command = new ArrayList<>(E2e.LIGHT_JVM);
        command.add("-Dchaos.journal=" + journalDir);
        command.add(E2e.javaagent(E2e.registry(registryDir) + ",service.name=chaos-consumer," + agentArgs));
        command.addAll(List.of("-cp", classPath(), LoadMain.class.getName()));
        command.addAll(List.of(load));
        command.add(outcomes.toString());
        final Load consumer = new Load(track(ChildJvm.start(workDir, Map.of(), command)), outcomes);
        consumer.awaitOutput("result load.started=");
        try
        {
            Thread.sleep(WARMUP_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        consumer.phase("steady");
        return consumer;
    }

    /** The application's class path: test classes, the API jar and HdrHistogram (the consumer's percentiles). */
    private static String classPath()
    {
        return E2e.appClassPath() + File.pathSeparator + ChildJvm.codeSource(Histogram.class);
    }

    private ChildJvm.Running track(final ChildJvm.Running child)
    {
        children.add(child);
        return child;
    }

    /**
     * Sends a signal by pid with the {@code kill} command (Linux), e.g. {@code STOP}, {@code CONT}, {@code TERM}, {@code KILL}.
     */
    static void signal(final ChildJvm.Running jvm, final String signal) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(jvm.process.pid()))
            .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || 0 != kill.exitValue())
        {
            throw new IllegalStateException("kill -" + signal + " " + jvm.process.pid() + " failed: " +
                new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Writes a line to a child's stdin. */
    static void tell(final ChildJvm.Running jvm, final String line) throws IOException
    {
        jvm.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        jvm.process.getOutputStream().flush();
    }

    static void awaitExit(final ChildJvm.Running jvm) throws InterruptedException
    {
        if (!jvm.process.waitFor(ChildJvm.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            throw new AssertionError("pid " + jvm.process.pid() + " did not exit within " + ChildJvm.TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * Stops providers gracefully (SIGTERM, all at once) and returns what each did, read from its
     * shutdown line.
     */
    static Map<Long, Served> stopGracefully(final List<ChildJvm.Running> providers)
        throws IOException, InterruptedException
    {
        for (final ChildJvm.Running provider : providers)
        {
            if (provider.process.isAlive())
            {
                signal(provider, "TERM");
            }
        }
        final Map<Long, Served> served = new HashMap<>();
        for (final ChildJvm.Running provider : providers)
        {
            awaitExit(provider);
            served.put(provider.process.pid(), served(provider));
        }
        return served;
    }

    /**
     * @return what a provider that stopped gracefully did, from its shutdown line.
     */
    static Served served(final ChildJvm.Running provider) throws IOException
    {
        final Matcher m = STOPPED.matcher(provider.err());
        if (!m.find())
        {
            throw new AssertionError("no shutdown counters from pid " + provider.process.pid() + E2e.output(provider));
        }
        return new Served(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)));
    }

    /** A provider's shutdown counters. */
    record Served(long ran, long overloaded, long expired, long shuttingDown)
    {
        long refused()
        {
            return overloaded + expired + shuttingDown;
        }
    }

    /**
     * @return every provider's journal: pid → the request ids it ran, in order.
     */
    Map<Long, List<String>> journals() throws IOException
    {
        final Map<Long, List<String>> journals = new HashMap<>();
        try (Stream<Path> files = Files.list(journalDir))
        {
            for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("executed-")).toList())
            {
                final String name = file.getFileName().toString();
                final long pid = Long.parseLong(name.substring("executed-".length(), name.length() - ".log".length()));
                journals.put(pid, Files.readAllLines(file).stream().filter(line -> !line.isEmpty()).toList());
            }
        }
        return journals;
    }

    /**
     * Continues every stopped child, then kills it.
     */
    @Override
    public void close()
    {
        for (final ChildJvm.Running child : children)
        {
            if (child.process.isAlive())
            {
                try
                {
                    signal(child, "CONT"); // a stopped process must be continued to die promptly
                }
                catch (final Exception ignored)
                {
                    // it exited meanwhile
                }
            }
            child.close();
        }
    }

    /** A running load consumer. */
    static final class Load
    {
        final ChildJvm.Running jvm;
        private final Path outcomesFile;

        Load(final ChildJvm.Running jvm, final Path outcomesFile)
        {
            this.jvm = jvm;
            this.outcomesFile = outcomesFile;
        }

        /** Starts a new phase: calls from now on have ids starting with its name. */
        void phase(final String name) throws IOException
        {
            tell(jvm, "phase " + name);
        }

        void awaitOutput(final String text) throws IOException
        {
            try
            {
                await().atMost(E2e.STARTUP).pollInterval(Duration.ofMillis(50))
                    .until(() -> jvm.out().contains(text) || !jvm.process.isAlive());
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("the consumer did not print \"" + text + "\"" + E2e.output(jvm), ex);
            }
            if (!jvm.out().contains(text))
            {
                throw new AssertionError("the consumer exited before printing \"" + text + "\"" + E2e.output(jvm));
            }
        }

        /** Stops the load and returns its results. */
        Results stop() throws IOException, InterruptedException
        {
            tell(jvm, "stop");
            final ChildJvm.Result result = jvm.await();
            if (0 != result.exitCode() || !result.out().contains("result done=load"))
            {
                throw new AssertionError("the load did not finish cleanly: " + result);
            }
            return new Results(E2e.results(result.out()), Files.readAllLines(outcomesFile), result);
        }
    }

    /** A finished load: its result values and per-call outcomes. */
    record Results(Map<String, String> values, List<String> outcomes, ChildJvm.Result output)
    {
        long count(final String name)
        {
            return Long.parseLong(values.getOrDefault(name, "0"));
        }

        String get(final String name)
        {
            return values.get(name);
        }

        /** @return the outcome lines of failed calls. */
        List<String> failures()
        {
            return outcomes.stream().filter(line -> line.split(" ", 3)[1].equals("failed")).toList();
        }

        /** @return the ids of successful calls with the pid that answered. */
        Map<String, Long> successes()
        {
            final Map<String, Long> ok = new HashMap<>();
            for (final String line : outcomes)
            {
                final String[] parts = line.split(" ");
                if ("ok".equals(parts[1]))
                {
                    ok.put(parts[0], Long.parseLong(parts[2]));
                }
            }
            return ok;
        }

        @Override
        public String toString()
        {
            return output.toString();
        }
    }
}
