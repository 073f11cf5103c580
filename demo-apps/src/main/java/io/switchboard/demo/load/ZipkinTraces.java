package io.switchboard.demo.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads traces back from a Zipkin server's HTTP API ({@code /api/v2/traces}, {@code /api/v2/trace/{id}}).
 */
final class ZipkinTraces
{
    /**
     * A trace as Zipkin returned it.
     *
     * @param id       the trace id.
     * @param spans    how many spans it has.
     * @param services the distinct {@code localEndpoint.serviceName}s of its spans.
     * @param url      where the Zipkin UI shows it.
     * @param root     its root span as {@code service KIND name}, e.g. {@code storefront SERVER post /order},
     *                 or {@code none} when no span of it lacks a parent (the root's spans did not arrive).
     */
    record Trace(String id, int spans, Set<String> services, String url, String root)
    {
    }

    private final String base;
    private final HttpClient http;

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:9411}.
     * @param http the client to use.
     */
    ZipkinTraces(final String base, final HttpClient http)
    {
        this.base = base;
        this.http = http;
    }

    /**
     * @return whether the server answers {@code /health} with 200.
     */
    boolean healthy()
    {
        try
        {
            return 200 == get("/health").statusCode();
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Picks a recent trace whose root span is {@code spanName} in {@code service}, preferring the one
     * that spans the most services, and reads it back by id. Spans arrive in batches (each process
     * flushes every few seconds), so this polls until one has {@code wantedServices} or time is up.
     *
     * @param service        the root span's service.
     * @param spanName       the root span's name.
     * @param wantedServices stop waiting once a trace spans this many services.
     * @param wait           how long to wait for late spans.
     * @return the trace read back from {@code /api/v2/trace/{id}}, or empty when Zipkin has none.
     * @throws InterruptedException when interrupted while waiting.
     */
    Optional<Trace> sample(final String service, final String spanName, final int wantedServices, final Duration wait)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + wait.toNanos();
        Optional<String> best = Optional.empty();
        while (true)
        {
            try
            {
                best = bestOf(get("/api/v2/traces?limit=100&serviceName=" + encode(service) + "&spanName=" +
                    encode(spanName.toLowerCase())).body());
                if (best.isPresent())
                {
                    final Trace trace = read(best.get());
                    // A process exports its spans in batches: the root may come a batch after the others.
                    final boolean whole = trace.services().size() >= wantedServices && !"none".equals(trace.root());
                    if (whole || System.nanoTime() > deadline)
                    {
                        return Optional.of(trace);
                    }
                }
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                // Not up, or a partial answer: try again until the deadline.
            }
            if (System.nanoTime() > deadline)
            {
                return Optional.empty();
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * @param id a trace id.
     * @return the trace as {@code /api/v2/trace/{id}} returns it.
     * @throws IOException          when Zipkin cannot be reached or does not know the trace.
     * @throws InterruptedException when interrupted.
     */
    @SuppressWarnings("unchecked")
    Trace read(final String id) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = get("/api/v2/trace/" + id);
        if (200 != response.statusCode())
        {
            throw new IOException("Zipkin answered " + response.statusCode() + " for trace " + id);
        }
        final List<Object> spans = (List<Object>)Json.parse(response.body());
        return new Trace(id, spans.size(), services(spans), base + "/zipkin/traces/" + id, root(spans));
    }

    /** The most recent of the traces that span the most services, whole ones (root span arrived) first. */
    @SuppressWarnings("unchecked")
    private static Optional<String> bestOf(final String tracesJson)
    {
        final List<Object> traces = (List<Object>)Json.parse(tracesJson);
        return traces.stream().map(t -> (List<Object>)t)
            .filter(t -> !t.isEmpty())
            .max(Comparator.<List<Object>>comparingInt(t -> services(t).size())
                .thenComparing(t -> !"none".equals(root(t))).thenComparingDouble(ZipkinTraces::start))
            .map(t -> (String)((Map<String, Object>)t.get(0)).get("traceId"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> services(final List<Object> spans)
    {
        final Set<String> services = new TreeSet<>();
        for (final Object span : spans)
        {
            final String name = service((Map<String, Object>)span);
            if (!"?".equals(name))
            {
                services.add(name);
            }
        }
        return services;
    }

    @SuppressWarnings("unchecked")
    private static String root(final List<Object> spans)
    {
        return spans.stream().map(s -> (Map<String, Object>)s)
            .filter(s -> null == s.get("parentId"))
            .map(s -> service(s) + " " + s.get("kind") + " " + s.get("name"))
            .findFirst().orElse("none");
    }

    private static String service(final Map<String, Object> span)
    {
        return span.get("localEndpoint") instanceof Map<?, ?> map && map.get("serviceName") instanceof String name ?
            name : "?";
    }

    @SuppressWarnings("unchecked")
    private static double start(final List<Object> spans)
    {
        return spans.stream().map(s -> ((Map<String, Object>)s).get("timestamp"))
            .filter(Double.class::isInstance).mapToDouble(Double.class::cast).min().orElse(0);
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(final String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
