package io.switchboard.agent.it.chain;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.switchboard.api.NoProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * One process of the traced chain: {@code speller} or {@code greeter} constructs its implementation
 * (so the agent exports it) and stays up until killed or 120 s pass; {@code consumer} calls
 * {@code greet} and {@code greetBadly} once each, prints the outcomes and exits; {@code web-consumer}
 * serves one request on a JDK {@code HttpServer} (which the OpenTelemetry Java agent traces), whose
 * handler sets the baggage entry {@code tenant=acme} with the OpenTelemetry API and calls {@code greet}
 * and {@code tenant}; {@code speller-consumer} calls {@code spell} once, prints the result and exits;
 * {@code crash-consumer <pid>} calls {@code spellOrCrash} until process {@code pid} (the provider that
 * crashes on it) has died, at most 20 times, printing each result; {@code async-crash-consumer <pid>}
 * does the same with {@code spellLaterOrCrash}, each call inside a span of its own made with the
 * OpenTelemetry API (the OpenTelemetry Java agent's), and prints that span's id next to the id of the
 * span current in the callback it chains on the future.
 */
public final class ChainMain
{
    private ChainMain()
    {
    }

    /**
     * @param args {@code speller}, {@code greeter} or {@code consumer}.
     * @throws Exception not expected.
     */
    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "speller" -> serve(new SpellerImpl());
            case "greeter" -> serve(new GreeterImpl());
            case "consumer" -> consume();
            case "crash-consumer" -> spellUntilDead(Long.parseLong(args[1]));
            case "async-crash-consumer" -> spellLaterInUserSpansUntilDead(Long.parseLong(args[1]));
            case "speller-consumer" -> System.out.println("result=" + spellOnceProviderIsListed(new SpellerImpl()));
            case "web-consumer" -> serveOneWebRequest();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void serve(final Object instance) throws InterruptedException
    {
        System.out.println("ready " + instance.getClass().getSimpleName());
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() - deadline < 0)
        {
            Thread.sleep(200);
        }
    }

    private static void serveOneWebRequest() throws Exception
    {
        final Greeter greeter = new GreeterImpl();
        awaitProvider(greeter);
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/checkout", exchange ->
        {
            String body;
            try (Scope ignored = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent())
            {
                body = "result=" + greeter.greet("ada") + " tenant=" + greeter.tenant();
            }
            catch (final RuntimeException ex)
            {
                body = "failed=" + ex;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        });
        server.start();
        try
        {
            final HttpURLConnection connection = (HttpURLConnection)new URL(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/checkout").openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            try (InputStream in = connection.getInputStream())
            {
                System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            System.out.println("http failed: " + ex);
        }
        finally
        {
            server.stop(0);
        }
    }

    /** Waits until the registry shows the greeter: {@code tenant()} is a cheap call to probe with. */
    private static void awaitProvider(final Greeter greeter) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                greeter.tenant();
                return;
            }
            catch (final NoProviderException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(100); // the registry has not shown the greeter yet
            }
        }
    }

    private static String spellOnceProviderIsListed(final Speller speller) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                return speller.spell("ada");
            }
            catch (final NoProviderException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(100); // the registry has not shown the speller yet
            }
        }
    }

    private static void spellUntilDead(final long crashingPid) throws InterruptedException
    {
        final Speller speller = new SpellerImpl();
        spellOnceProviderIsListed(speller);
        for (int i = 0; i < 20 && ProcessHandle.of(crashingPid).map(ProcessHandle::isAlive).orElse(false); i++)
        {
            System.out.println("result=" + speller.spellOrCrash("call" + i));
        }
        System.out.println("crashed=" + !ProcessHandle.of(crashingPid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static void spellLaterInUserSpansUntilDead(final long crashingPid) throws InterruptedException
    {
        final Tracer tracer = GlobalOpenTelemetry.getTracer("chain");
        final Speller speller = new SpellerImpl();
        spellOnceProviderIsListed(speller);
        for (int i = 0; i < 20 && ProcessHandle.of(crashingPid).map(ProcessHandle::isAlive).orElse(false); i++)
        {
            final Span user = tracer.spanBuilder("user-work").startSpan();
            try (Scope ignored = user.makeCurrent())
            {
                final String callback = speller.spellLaterOrCrash("call" + i)
                    .thenApply(value -> value + " callbackSpan=" + Span.current().getSpanContext().getSpanId()).join();
                System.out.println("result=" + callback + " userSpan=" + user.getSpanContext().getSpanId());
            }
            finally
            {
                user.end();
            }
        }
        System.out.println("crashed=" + !ProcessHandle.of(crashingPid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static void consume() throws InterruptedException
    {
        final Greeter greeter = new GreeterImpl();
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (true)
        {
            try
            {
                System.out.println("result=" + greeter.greet("ada"));
                break;
            }
            catch (final NoProviderException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw ex;
                }
                Thread.sleep(100); // the registry has not shown the greeter yet
            }
        }
        try
        {
            System.out.println("result=" + greeter.greetBadly("bob"));
        }
        catch (final RuntimeException ex)
        {
            System.out.println("failed=" + ex.getClass().getName() + ": " + ex.getMessage());
        }
    }
}
