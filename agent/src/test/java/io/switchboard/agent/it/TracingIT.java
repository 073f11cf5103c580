package io.switchboard.agent.it;

import io.switchboard.agent.it.chain.ChainMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Zipkin server (Maven Central's {@code io.zipkin:zipkin-server} exec jar, in-memory storage,
 * free port) and a chain of three JVMs with the agent: consumer → greeter (provider A) → speller
 * (provider B). Each call must come back from Zipkin's HTTP API as ONE trace of four spans with the
 * right services, kinds, parents and RPC attributes; the failing call's spans carry the error.
 */
class TracingIT
{
    private static final String GREETER = "chain.Greeter";
    private static final String SPELLER = "chain.Speller";
    // First calls load classes and connect on a busy 2-core machine: give them room (no timing assertion).
    private static final int TIMEOUT_MS = 15_000;

    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // One Zipkin for the class: it is the slowest JVM to start on a loaded machine; tests use distinct service names.
    private static ChildJvm.Running zipkin;
    private static int zipkinPort;

    private final List<ChildJvm.Running> children = new ArrayList<>();

    @BeforeAll
    static void startZipkin(@TempDir final Path zipkinDir) throws Exception
    {
        final Path jar = Paths.get(System.getProperty("switchboard.test.zipkin.jar", "target/zipkin/zipkin-server.jar"));
        assertThat(jar).as("zipkin-server exec jar (copied by maven-dependency-plugin in pre-integration-test)").isRegularFile();
        zipkinPort = freePort();
        zipkin = ChildJvm.start(zipkinDir, Map.of("QUERY_PORT", String.valueOf(zipkinPort), "STORAGE_TYPE", "mem"),
            List.of("-Xmx256m", "-Dzipkin.storage.type=mem", "-jar", jar.toAbsolutePath().toString()));
        await("Zipkin /health on port " + zipkinPort).atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(() -> get("/health").statusCode() == 200 || !zipkin.process.isAlive());
        assertThat(zipkin.process.isAlive()).as("Zipkin is running; its stderr:\n" + zipkin.err()).isTrue();
    }

    @AfterAll
    static void stopZipkin()
    {
        if (null != zipkin)
        {
            zipkin.close();
        }
    }

    @AfterEach
    void stopAll()
    {
        children.forEach(ChildJvm.Running::close);
    }

    @Test
    void oneTraceAcrossThreeJvmsWithErrorsOnTheFailingCall() throws Exception
    {
        final Path registry = Files.createDirectories(dir.resolve("registry"));
        final String endpoint = "http://127.0.0.1:" + zipkinPort + "/api/v2/spans";
        final List<String> otelProperties = List.of(
            "-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint);

        final ChildJvm.Running speller = provider("speller", SPELLER, registry, otelProperties, "trace-speller");
        awaitServing(speller);
        final ChildJvm.Running greeter = provider("greeter", GREETER, registry, otelProperties, "trace-greeter");
        awaitServing(greeter);

        // The consumer takes its otel.* keys as agent args, the providers as system properties.
        final ChildJvm.Result consumer = ChildJvm.run(dir, Map.of(), List.of(
            "-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + registry +
                ",timeout.ms=" + TIMEOUT_MS + ",otel.traces.exporter=zipkin,otel.exporter.zipkin.endpoint=" + endpoint +
                ",otel.service.name=trace-consumer",
            "-cp", ChildJvm.testClasses(), ChainMain.class.getName(), "consumer"));
        assertThat(consumer.exitCode()).as(consumer + "\n--- greeter stderr\n" + Files.readString(greeter.err) +
            "\n--- speller stderr\n" + Files.readString(speller.err)).isZero();
        assertThat(consumer.out()).contains("result=hello ADA")
            .contains("failed=java.lang.IllegalStateException: cannot spell bob");
        assertThat(consumer.err()).as("otel.* agent args are not unknown keys").doesNotContain("WARNING: unknown key");

        final List<Map<String, Object>> ok = awaitTrace("trace-consumer", "greet", 4);
        final Map<String, Object> consumerClient = span(ok, "trace-consumer", "CLIENT");
        final Map<String, Object> greeterServer = span(ok, "trace-greeter", "SERVER");
        final Map<String, Object> greeterClient = span(ok, "trace-greeter", "CLIENT");
        final Map<String, Object> spellerServer = span(ok, "trace-speller", "SERVER");

        assertThat(consumerClient.get("parentId")).isNull();
        assertThat(greeterServer.get("parentId")).isEqualTo(consumerClient.get("id"));
        assertThat(greeterClient.get("parentId")).isEqualTo(greeterServer.get("id"));
        assertThat(spellerServer.get("parentId")).isEqualTo(greeterClient.get("id"));

        assertThat((String)consumerClient.get("name")).isEqualToIgnoringCase(GREETER + "/greet");
        assertThat((String)greeterServer.get("name")).isEqualToIgnoringCase(GREETER + "/greet");
        assertThat((String)greeterClient.get("name")).isEqualToIgnoringCase(SPELLER + "/spell");
        assertThat((String)spellerServer.get("name")).isEqualToIgnoringCase(SPELLER + "/spell");

        final Map<String, Object> clientTags = tags(consumerClient);
        assertThat(clientTags).containsEntry("rpc.system.name", "switchboard").containsEntry("rpc.method", GREETER + "/greet")
            .containsEntry("rpc.response.status_code", "OK")
            .containsEntry("rpc.system", "switchboard").containsEntry("rpc.service", GREETER)
            .containsKeys("server.address", "server.port", "network.transport")
            .doesNotContainKeys("error", "error.type");
        assertThat(clientTags.get("network.transport")).isIn("udp", "pipe");
        assertThat(annotations(consumerClient)).anyMatch(a -> a.contains("attempt") && a.contains("\"switchboard.call.status\":\"OK\""));
        assertThat(tags(spellerServer)).containsEntry("rpc.system.name", "switchboard")
            .containsEntry("rpc.method", SPELLER + "/spell").containsEntry("rpc.response.status_code", "OK")
            .containsKeys("server.address", "server.port");
        // The greeter's client span went to the speller's port, which the speller's server span reports.
        assertThat(tags(greeterClient).get("server.port")).isEqualTo(tags(spellerServer).get("server.port"));

        final List<Map<String, Object>> failed = awaitTrace("trace-consumer", "greetbadly", 4);
        final Map<String, Object> failedClient = span(failed, "trace-consumer", "CLIENT");
        final Map<String, Object> failedSpeller = span(failed, "trace-speller", "SERVER");
        final Map<String, Object> failedGreeter = span(failed, "trace-greeter", "SERVER");
        for (final Map<String, Object> span : List.of(failedClient, failedGreeter, failedSpeller))
        {
            assertThat(tags(span)).as(span.toString())
                .containsEntry("error.type", "java.lang.IllegalStateException")
                .containsEntry("otel.status_code", "ERROR")
                .containsKey("error");
            assertThat(annotations(span)).as(span.toString()).anyMatch(a -> a.contains("exception"));
        }
        assertThat(String.valueOf(tags(failedSpeller).get("error"))).contains("cannot spell bob");
    }

    /**
     * A real failure: of two spellers, A dies in the middle of an {@code @Idempotent} call (the process
     * halts, as under {@code kill -9}). The call still succeeds on B, and its one CLIENT span in Zipkin
     * shows both attempts: the first to A's process with the failure, the second to B's with OK.
     */
    @Test
    void aRetryAfterAProviderDiesMidCallIsAnAttemptEventPerProviderOnTheClientSpan() throws Exception
    {
        final Path registry = Files.createDirectories(dir.resolve("registry"));
        final String endpoint = "http://127.0.0.1:" + zipkinPort + "/api/v2/spans";
        final List<String> otel = List.of("-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint);
        final List<String> crashing = new ArrayList<>(otel);
        crashing.add("-Dchain.crash=true");
        final ChildJvm.Running dying = provider("speller", SPELLER, registry, crashing, "crash-speller-a");
        awaitServing(dying);
        final ChildJvm.Running healthy = provider("speller", SPELLER, registry, otel, "crash-speller-b");
        awaitServing(healthy);

        // Round robin: within two calls one goes to A first, whose death the retry on B covers.
        final ChildJvm.Result consumer = ChildJvm.run(dir, Map.of(), List.of(
            "-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + registry + ",timeout.ms=" + TIMEOUT_MS +
                ",loadbalance=round_robin,otel.traces.exporter=zipkin,otel.exporter.zipkin.endpoint=" + endpoint +
                ",otel.service.name=crash-consumer",
            "-cp", ChildJvm.testClasses(), ChainMain.class.getName(), "crash-consumer", String.valueOf(dying.process.pid())));
        assertThat(consumer.exitCode()).as(consumer + "\n--- healthy provider stderr\n" + Files.readString(healthy.err))
            .isZero();
        assertThat(consumer.out()).as("every call succeeded, and A died").contains("crashed=true")
            .doesNotContain("Exception");

        // B exports its SERVER span in its own batch, possibly after the consumer's: wait for both.
        final List<Map<String, Object>> trace = awaitTrace("crash-consumer", "spellorcrash",
            t -> t.stream().anyMatch(s -> "2".equals(tags(s).get("switchboard.attempts"))) &&
                t.stream().anyMatch(s -> "crash-speller-b".equals(localService(s))));
        final Map<String, Object> client = trace.stream()
            .filter(s -> "2".equals(tags(s).get("switchboard.attempts"))).findFirst().orElseThrow();
        assertThat(tags(client)).as(client.toString()).containsEntry("rpc.response.status_code", "OK")
            .doesNotContainKeys("error", "error.type");
        final List<String> attempts = annotations(client).stream().filter(a -> a.startsWith("\"attempt\"")).toList();
        assertThat(attempts).as(client.toString()).hasSize(2);
        assertThat(attempts.get(0)).contains("\"switchboard.provider.pid\":" + dying.process.pid())
            .containsPattern("\"switchboard.call.status\":\"(TIMEOUT|CONNECTION_LOST|NOT_DELIVERED)\"")
            .containsPattern("\"error.type\":\"(TIMEOUT|CONNECTION_LOST|NOT_DELIVERED)\"");
        assertThat(attempts.get(1)).contains("\"switchboard.provider.pid\":" + healthy.process.pid())
            .contains("\"switchboard.call.status\":\"OK\"").doesNotContain("error.type");
        final Map<String, Object> server = span(trace, "crash-speller-b", "SERVER");
        assertThat(server.get("parentId")).as("B's SERVER span is a child of the CLIENT span").isEqualTo(client.get("id"));
    }

    /**
     * Async boundaries: the consumer (with the OpenTelemetry Java agent) makes {@code CompletableFuture}
     * calls inside spans of its own while speller A dies mid-call, so one call's retry is sent from a
     * Switchboard callback thread. That call is still one trace (user span → CLIENT → B's SERVER), and
     * the callback the user chained on the future runs with the user's span current.
     */
    @Test
    void anAsyncCallRetriedOnAnotherThreadStaysInTheUsersTraceAndItsCallbackSeesTheUsersSpan() throws Exception
    {
        final Path otelAgent = Paths.get(System.getProperty("switchboard.test.otel.javaagent.jar",
            "target/otel/opentelemetry-javaagent.jar"));
        final Path registry = Files.createDirectories(dir.resolve("registry"));
        final String endpoint = "http://127.0.0.1:" + zipkinPort + "/api/v2/spans";
        final List<String> otel = List.of("-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint);
        final List<String> crashing = new ArrayList<>(otel);
        crashing.add("-Dchain.crash=true");
        final ChildJvm.Running dying = provider("speller", SPELLER, registry, crashing, "async-speller-a");
        awaitServing(dying);
        final ChildJvm.Running healthy = provider("speller", SPELLER, registry, otel, "async-speller-b");
        awaitServing(healthy);

        final List<String> consumerArgs = new ArrayList<>(List.of("-javaagent:" + otelAgent.toAbsolutePath(),
            "-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint,
            "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.service.name=async-consumer",
            "-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + registry + ",timeout.ms=" + TIMEOUT_MS +
                ",loadbalance=round_robin",
            "-cp", appClassPath(), ChainMain.class.getName(), "async-crash-consumer", String.valueOf(dying.process.pid())));
        final ChildJvm.Running running = ChildJvm.start(dir, Map.of(), consumerArgs);
        children.add(running);
        assertThat(running.process.waitFor(180, TimeUnit.SECONDS)).as("the async consumer exits").isTrue();
        final ChildJvm.Result consumer = new ChildJvm.Result(running.process.exitValue(), running.out(), running.err());
        assertThat(consumer.exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.out()).as("every call succeeded, and A died").contains("crashed=true");

        final List<Map<String, Object>> trace = awaitTrace("async-consumer", "spelllaterorcrash",
            t -> t.stream().anyMatch(s -> "2".equals(tags(s).get("switchboard.attempts"))) &&
                t.stream().anyMatch(s -> "async-speller-b".equals(localService(s))) && t.size() >= 3);
        final Map<String, Object> client = trace.stream()
            .filter(s -> "2".equals(tags(s).get("switchboard.attempts"))).findFirst().orElseThrow();
        final Map<String, Object> user = byId(trace, client.get("parentId"));
        assertThat(user).as("the CLIENT span's parent in " + trace).isNotNull();
        assertThat(user.get("name")).isEqualTo("user-work");
        final Map<String, Object> server = span(trace, "async-speller-b", "SERVER");
        assertThat(server.get("parentId")).as("B's SERVER span is a child of the CLIENT span").isEqualTo(client.get("id"));
        assertThat(consumer.out()).as("the retried call's callback ran with the user's span current")
            .contains("callbackSpan=" + user.get("id") + " userSpan=" + user.get("id"));
    }

    /**
     * Coexistence: the consumer and the greeter also run the OpenTelemetry Java agent (exporting to the
     * same Zipkin); the speller runs only ours. The Java agent's SERVER span around the consumer's JDK
     * HttpServer request is the parent of our CLIENT span, everything lands in one trace, and the
     * baggage the consumer's handler set with the OpenTelemetry API is what the greeter's method reads
     * with {@code Baggage.current()}.
     */
    @Test
    void theOpenTelemetryJavaAgentsSpanParentsOurClientSpanAndBaggageReachesTheProvider() throws Exception
    {
        final Path otelAgent = Paths.get(System.getProperty("switchboard.test.otel.javaagent.jar",
            "target/otel/opentelemetry-javaagent.jar"));
        assertThat(otelAgent).as("OpenTelemetry Java agent jar (copied by maven-dependency-plugin)").isRegularFile();
        final Path registry = Files.createDirectories(dir.resolve("registry"));
        final String endpoint = "http://127.0.0.1:" + zipkinPort + "/api/v2/spans";
        final String appClassPath = appClassPath();
        // The Java agent's own keys; it must come before ours on the command line.
        final List<String> javaAgent = List.of("-javaagent:" + otelAgent.toAbsolutePath(),
            "-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint,
            "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none");

        final ChildJvm.Running speller = provider("speller", SPELLER, registry,
            List.of("-Dotel.traces.exporter=zipkin", "-Dotel.exporter.zipkin.endpoint=" + endpoint), "coexist-speller");
        awaitServing(speller);
        final List<String> greeterArgs = new ArrayList<>(javaAgent);
        greeterArgs.add("-Dotel.service.name=coexist-greeter");
        greeterArgs.add("-javaagent:" + ChildJvm.agentJar() + "=provide=" + GREETER + ",registry.dir=" + registry +
            ",timeout.ms=" + TIMEOUT_MS);
        greeterArgs.addAll(List.of("-cp", appClassPath, ChainMain.class.getName(), "greeter"));
        final ChildJvm.Running greeter = ChildJvm.start(dir, Map.of(), greeterArgs);
        children.add(greeter);
        awaitServing(greeter);
        assertThat(Files.readString(greeter.err)).contains("tracing=via the OpenTelemetry Java agent");

        final List<String> consumerArgs = new ArrayList<>(javaAgent);
        consumerArgs.add("-Dotel.service.name=coexist-consumer");
        consumerArgs.add("-javaagent:" + ChildJvm.agentJar() + "=registry.dir=" + registry + ",timeout.ms=" + TIMEOUT_MS);
        consumerArgs.addAll(List.of("-cp", appClassPath, ChainMain.class.getName(), "web-consumer"));
        final ChildJvm.Running web = ChildJvm.start(dir, Map.of(), consumerArgs);
        children.add(web);
        // Three JVMs with two agents each on a busy 2-core machine: a generous bound, no timing assertion.
        assertThat(web.process.waitFor(180, TimeUnit.SECONDS)).as("the web consumer exits").isTrue();
        final ChildJvm.Result consumer = new ChildJvm.Result(web.process.exitValue(), web.out(), web.err());
        assertThat(consumer.exitCode()).as(consumer + "\n--- greeter stderr\n" + Files.readString(greeter.err)).isZero();
        assertThat(consumer.err()).contains("tracing=via the OpenTelemetry Java agent");
        assertThat(consumer.out()).as("the greeter's method saw the consumer's baggage")
            .contains("result=hello ADA tenant=acme");

        final List<Map<String, Object>> trace = awaitTrace("coexist-consumer", "greet", 8);
        final Map<String, Object> consumerClient = span(trace, "coexist-consumer", "CLIENT", GREETER + "/greet");
        final Map<String, Object> httpServer = byId(trace, consumerClient.get("parentId"));
        assertThat(httpServer).as("the parent of our CLIENT span in " + trace).isNotNull();
        assertThat(httpServer.get("kind")).as("made by the Java agent around the HttpServer request").isEqualTo("SERVER");
        assertThat(tags(httpServer)).containsKey("http.request.method");
        assertThat(tags(httpServer)).doesNotContainKey("rpc.system.name");
        assertThat(localService(httpServer)).isEqualTo("coexist-consumer");
        assertThat(tags(consumerClient)).containsEntry("rpc.system.name", "switchboard")
            .containsEntry("rpc.method", GREETER + "/greet");

        final Map<String, Object> greeterServer = span(trace, "coexist-greeter", "SERVER", GREETER + "/greet");
        final Map<String, Object> greeterClient = span(trace, "coexist-greeter", "CLIENT", SPELLER + "/spell");
        final Map<String, Object> spellerServer = span(trace, "coexist-speller", "SERVER", SPELLER + "/spell");
        assertThat(greeterServer.get("parentId")).isEqualTo(consumerClient.get("id"));
        assertThat(greeterClient.get("parentId")).isEqualTo(greeterServer.get("id"));
        assertThat(spellerServer.get("parentId")).isEqualTo(greeterClient.get("id"));
    }

    /** The test classes and the OpenTelemetry API, which the OpenTelemetry Java agent bridges. */
    private static String appClassPath()
    {
        return String.join(File.pathSeparator, ChildJvm.testClasses(),
            ChildJvm.codeSource(io.opentelemetry.api.baggage.Baggage.class),
            ChildJvm.codeSource(io.opentelemetry.context.Context.class),
            ChildJvm.codeSource(io.opentelemetry.common.ComponentLoader.class));
    }

    private ChildJvm.Running provider(
        final String role, final String service, final Path registry, final List<String> otel, final String name)
        throws IOException
    {
        final List<String> args = new ArrayList<>(otel);
        args.add("-Dotel.service.name=" + name);
        args.add("-javaagent:" + ChildJvm.agentJar() + "=provide=" + service + ",registry.dir=" + registry +
            ",timeout.ms=" + TIMEOUT_MS);
        args.addAll(List.of("-cp", ChildJvm.testClasses(), ChainMain.class.getName(), role));
        final ChildJvm.Running running = ChildJvm.start(dir, Map.of(), args);
        children.add(running);
        return running;
    }

    private static void awaitServing(final ChildJvm.Running provider)
    {
        await("provider exported its service").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
            .until(() -> Files.readString(provider.err).contains("switchboard: serving") ||
                !provider.process.isAlive());
        assertThat(provider.process.isAlive()).as("provider is running").isTrue();
    }

    /**
     * Waits for the consumer's trace with a CLIENT span of {@code method} and at least {@code spans}
     * spans (spans arrive in batches).
     */
    private List<Map<String, Object>> awaitTrace(final String consumer, final String method, final int spans)
    {
        return awaitTrace(consumer, method, t -> t.size() >= spans);
    }

    /**
     * Waits for the consumer's trace with a CLIENT span of {@code method} that {@code complete} accepts.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> awaitTrace(
        final String consumer, final String method, final Predicate<List<Map<String, Object>>> complete)
    {
        final AtomicReference<List<Map<String, Object>>> found = new AtomicReference<>();
        await("a complete trace of " + method + " in Zipkin").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() ->
            {
                final HttpResponse<String> response = get("/api/v2/traces?serviceName=" + consumer + "&limit=50");
                final List<Object> traces = (List<Object>)MiniJson.parse(response.body());
                final Optional<List<Map<String, Object>>> trace = traces.stream()
                    .map(t -> (List<Map<String, Object>>)t)
                    .filter(t -> t.stream().anyMatch(s -> "CLIENT".equals(s.get("kind")) &&
                        consumer.equals(localService(s)) &&
                        ((String)s.get("name")).toLowerCase().endsWith("/" + method)))
                    .filter(complete)
                    .findFirst();
                trace.ifPresent(found::set);
                return trace.isPresent();
            });
        return found.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> span(final List<Map<String, Object>> trace, final String service, final String kind)
    {
        final List<Map<String, Object>> matches = trace.stream()
            .filter(s -> kind.equals(s.get("kind")) &&
                service.equals(((Map<String, Object>)s.get("localEndpoint")).get("serviceName")))
            .toList();
        assertThat(matches).as(kind + " span of " + service + " in " + trace).hasSize(1);
        return matches.get(0);
    }

    /** The one span of {@code service} and {@code kind} named {@code name} (Zipkin lower-cases names). */
    private static Map<String, Object> span(
        final List<Map<String, Object>> trace, final String service, final String kind, final String name)
    {
        final List<Map<String, Object>> matches = trace.stream()
            .filter(s -> kind.equals(s.get("kind")) && service.equals(localService(s)) &&
                name.equalsIgnoreCase((String)s.get("name")))
            .toList();
        assertThat(matches).as(kind + " span " + name + " of " + service + " in " + trace).hasSize(1);
        return matches.get(0);
    }

    private static Map<String, Object> byId(final List<Map<String, Object>> trace, final Object id)
    {
        return trace.stream().filter(s -> s.get("id").equals(id)).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static String localService(final Map<String, Object> span)
    {
        return (String)((Map<String, Object>)span.getOrDefault("localEndpoint", Map.of())).get("serviceName");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tags(final Map<String, Object> span)
    {
        return (Map<String, Object>)span.getOrDefault("tags", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> annotations(final Map<String, Object> span)
    {
        return ((List<Map<String, Object>>)span.getOrDefault("annotations", List.of())).stream()
            .map(a -> String.valueOf(a.get("value"))).toList();
    }

    private static HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zipkinPort + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
