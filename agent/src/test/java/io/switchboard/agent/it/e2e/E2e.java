package io.switchboard.agent.it.e2e;

import com.acme.e2e.CatalogConsumerMain;
import com.acme.e2e.CatalogProviderMain;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.api.Remote;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Starts the test application's provider and consumer JVMs ({@code com.acme.e2e}) and parses the
 * consumer's {@code result <name>=<value>} lines.
 */
public final class E2e
{
    public static final String SERVICE = "com.acme.e2e.Catalog";
    public static final Duration STARTUP = Duration.ofSeconds(ChildJvm.TIMEOUT_SECONDS);
    /** A generous deadline: the machines running these tests are busy; timeouts are tested on purpose elsewhere. */
    public static final String CALL_TIMEOUT = "timeout.ms=20000";
    // Lighter JVMs: the suite starts many of them on two shared cores.
    public static final List<String> LIGHT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * The functional results of the {@code shapes} scenario: the same with and without the agent.
     */
    public static final Map<String, String> SHAPES = orderedMap(
        "find", "sku-1 executions=1",
        "find.direct", "sku-2 executions=1",
        "echo.string", "echo:a",
        "echo.times", "echo2:abab",
        "echo.int", "echo-int:7",
        "prim.int", "5",
        "prim.long", String.valueOf(Long.MAX_VALUE),
        "prim.double", "3.0",
        "prim.boolean", "false",
        "prim.char", "Q",
        "prim.byte", "-5",
        "prim.short", "600",
        "box.integer", "42",
        "box.integer.null", "null",
        "box.long.null", "-1",
        "box.long", "40",
        "array.int", "[3, 2, 1]",
        "array.string", "[A, null, C]",
        "varargs.empty", "0",
        "varargs.three", "6",
        "varargs.join", "x-y-z",
        "varargs.join.empty", "[]",
        "generic.method", "[a, 1, a, 1]",
        "generic.group", "{even=[2, 4], odd=[1, 3, 5]}",
        "void.sideEffect", "v1",
        "null.result", "null",
        "null.argument", "null",
        "null.argument.not", "x!",
        "record", "Item[sku=sku-9, price=12.50, color=GREEN, tags=[a, b], added=2023-11-14T22:13:20Z]",
        "enum", "RED",
        "collection.set", "[a, b]",
        "optional.present", "Optional[maybe:x]",
        "optional.empty", "Optional.empty",
        "time.instant", "1970-01-01T01:00:00Z",
        "time.localdate", "2024-02-29",
        "bigdecimal", "3.30",
        "default.local", "true",
        "object.toString.local", "true",
        "object.equals", "true false",
        "object.hashCode.local", "true",
        "future.later", "later:x",
        "future.stage", "4",
        "future.now", "now:y",
        "big.string", "1048576 hashMatches=true",
        "done", "shapes");

    /** The functional results of the {@code exceptions} scenario (without the slow call). */
    public static final Map<String, String> EXCEPTIONS = orderedMap(
        "checked", "com.acme.e2e.CatalogException code=42",
        "checked.quota", "com.acme.e2e.QuotaException limit=5",
        "runtime.jdk", "java.lang.IllegalArgumentException: not positive: -1",
        "done", "exceptions");

    private E2e()
    {
    }

    private static Map<String, String> orderedMap(final String... pairs)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
        {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** @return the test application's class path: its classes and the API jar, nothing else. */
    public static String appClassPath()
    {
        return ChildJvm.codeSource(CatalogConsumerMain.class) + File.pathSeparator + ChildJvm.codeSource(Remote.class);
    }

    public static String javaagent(final String agentArgs)
    {
        return "-javaagent:" + ChildJvm.agentJar() + "=" + agentArgs;
    }

    public static String registry(final Path registryDir)
    {
        return "registry.dir=" + registryDir.toAbsolutePath();
    }

    /**
     * Starts a provider of the catalog and waits until it has registered.
     */
    public static ChildJvm.Running startProvider(final Path workDir, final Path registryDir) throws IOException
    {
        final ChildJvm.Running provider = startProviderAsync(workDir, registryDir);
        awaitServing(provider);
        return provider;
    }

    public static ChildJvm.Running startProviderAsync(final Path workDir, final Path registryDir) throws IOException
    {
        return startProviderAsync(workDir, registryDir, SERVICE, "catalog");
    }

    public static ChildJvm.Running startProviderAsync(
        final Path workDir, final Path registryDir, final String service, final String which) throws IOException
    {
        final List<String> command = new ArrayList<>(LIGHT_JVM);
        command.add(javaagent("provide=" + service + "," + registry(registryDir) + ",service.name=e2e-provider"));
        command.addAll(List.of("-cp", appClassPath(), CatalogProviderMain.class.getName(), which));
        return ChildJvm.start(workDir, Map.of(), command);
    }

    public static void awaitServing(final ChildJvm.Running provider) throws IOException
    {
        awaitServing(provider, SERVICE);
    }

    public static void awaitServing(final ChildJvm.Running provider, final String service) throws IOException
    {
        try
        {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(100))
                .until(() -> provider.err().contains("switchboard: serving " + service) || !provider.process.isAlive());
        }
        catch (final RuntimeException ex)
        {
            provider.close();
            throw new AssertionError("the provider did not register: " + output(provider), ex);
        }
        if (!provider.process.isAlive())
        {
            throw new AssertionError("the provider died: " + output(provider));
        }
    }

    public static String output(final ChildJvm.Running jvm) throws IOException
    {
        return "\n--- stdout\n" + jvm.out() + "--- stderr\n" + jvm.err();
    }

    /** A finished consumer: its output and parsed results. */
    record Consumer(ChildJvm.Result result, Map<String, String> values)
    {
        String get(final String name)
        {
            return values.get(name);
        }

        long self()
        {
            return Long.parseLong(values.get("where.self"));
        }

        @Override
        public String toString()
        {
            return result.toString();
        }
    }

    /**
     * Runs the consumer with the given JVM options (agent or not) and scenario arguments until it exits.
     */
    public static Consumer runConsumer(final Path workDir, final List<String> jvmOptions, final String... scenario)
        throws IOException, InterruptedException
    {
        final ChildJvm.Result result = ChildJvm.run(workDir, Map.of(), consumerCommand(jvmOptions, scenario));
        return new Consumer(result, results(result.out()));
    }

    public static List<String> consumerCommand(final List<String> jvmOptions, final String... scenario)
    {
        final List<String> command = new ArrayList<>(LIGHT_JVM);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", appClassPath(), CatalogConsumerMain.class.getName()));
        command.addAll(List.of(scenario));
        return command;
    }

    public static Map<String, String> results(final String out)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String line : out.split("\n"))
        {
            if (line.startsWith("result "))
            {
                final int eq = line.indexOf('=');
                values.put(line.substring("result ".length(), eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /**
     * @return the stderr lines a user would not expect from a healthy run: everything but the agent's
     * startup banner, its "serving" line and the JVM's note that the bootstrap class path was appended.
     */
    public static List<String> unexpectedStderr(final String err)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : err.split("\n"))
        {
            if (!line.isBlank() &&
                !line.startsWith("OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader classes") &&
                !line.matches("switchboard \\S+: provides .*") &&
                !line.startsWith("switchboard: serving "))
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /** @return the results whose names do not start with {@code where.}: what must not depend on the agent. */
    public static Map<String, String> functional(final Map<String, String> values)
    {
        final Map<String, String> functional = new LinkedHashMap<>(values);
        functional.keySet().removeIf(name -> name.startsWith("where."));
        return functional;
    }
}
