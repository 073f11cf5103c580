package io.switchboard.demo.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The shop's HTTP front (JDK {@link HttpServer}), written as in a monolith: it calls an
 * {@link Orders}, an {@link Inventory} and a {@link Pricing} it was handed. Whether those run in this
 * process or in others is decided by the agent, not here.
 * <ul>
 * <li>{@code GET /product/{sku}}: price and stock (two idempotent reads);</li>
 * <li>{@code POST /order?sku=apple&quantity=2}: an order (not idempotent), placed by {@link Orders};</li>
 * <li>{@code GET /order/{id}}: an order placed earlier.</li>
 * </ul>
 * Responses are JSON; the header {@value #INVENTORY_PID} names the inventory process that answered,
 * so a load driver can show how calls spread over the replicas.
 */
public final class Storefront implements AutoCloseable
{
    /** Response header naming the pid of the inventory replica that served the request. */
    public static final String INVENTORY_PID = "X-Inventory-Pid";

    private static final int THREADS = 16;

    private final Orders orders;
    private final Inventory inventory;
    private final Pricing pricing;
    private final HttpServer server;
    private final ExecutorService executor;

    private Storefront(final Orders orders, final Inventory inventory, final Pricing pricing, final HttpServer server)
    {
        this.orders = orders;
        this.inventory = inventory;
        this.pricing = pricing;
        this.server = server;
        this.executor = Executors.newFixedThreadPool(THREADS, runnable ->
        {
            final Thread thread = new Thread(runnable, "storefront-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        // One context per resource, all handled alike: tracing tools name an HTTP server span by its
        // context (route), so a trace reads "POST /order" rather than "POST /".
        for (final String context : new String[]{"/product/", "/order", "/"})
        {
            server.createContext(context, this::handle);
        }
    }

    /**
     * Starts the front on {@code 127.0.0.1}.
     *
     * @param port      the port, {@code 0} for any free one.
     * @param orders    the orders service.
     * @param inventory the inventory service.
     * @param pricing   the pricing service.
     * @return the running front.
     * @throws IOException when the port cannot be bound.
     */
    public static Storefront start(final int port, final Orders orders, final Inventory inventory, final Pricing pricing)
        throws IOException
    {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK add ~40 ms to every response. Read when the first server is created.
        if (null == System.getProperty("sun.net.httpserver.nodelay"))
        {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        final Storefront front = new Storefront(orders, inventory, pricing, server);
        server.start();
        return front;
    }

    /**
     * @return the base URL, e.g. {@code http://127.0.0.1:8080}.
     */
    public String url()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
        try
        {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            try
            {
                if ("GET".equals(method) && path.startsWith("/product/"))
                {
                    product(exchange, path.substring("/product/".length()));
                }
                else if ("POST".equals(method) && "/order".equals(path))
                {
                    order(exchange, query(exchange.getRequestURI()));
                }
                else if ("GET".equals(method) && path.startsWith("/order/"))
                {
                    findOrder(exchange, path.substring("/order/".length()));
                }
                else if ("GET".equals(method) && "/".equals(path))
                {
                    send(exchange, 200, "{\"try\":[\"GET /product/apple\",\"POST /order?sku=apple&quantity=2\"," +
                        "\"GET /order/1\",\"POST /order?sku=pear&quantity=5 (out of stock)\"]}");
                }
                else
                {
                    send(exchange, 404, error("no route for " + method + " " + path +
                        "; try GET /product/apple or POST /order?sku=apple&quantity=2"));
                }
            }
            catch (final UnknownProductException ex)
            {
                send(exchange, 404, error(ex.getMessage()));
            }
            catch (final OutOfStockException ex)
            {
                send(exchange, 409, error(ex.getMessage()));
            }
            catch (final IllegalArgumentException ex)
            {
                send(exchange, 400, error(ex.getMessage()));
            }
            catch (final RuntimeException ex)
            {
                // A remote call failed (RpcException and its family): the service is unavailable.
                send(exchange, 503, error(ex.getClass().getSimpleName() + ": " + ex.getMessage()));
            }
        }
    }

    private void product(final HttpExchange exchange, final String sku) throws IOException, UnknownProductException
    {
        final Price price = pricing.price(sku);
        final StockLevel stock = inventory.stock(sku);
        exchange.getResponseHeaders().set(INVENTORY_PID, String.valueOf(stock.inventoryPid()));
        send(exchange, 200, "{\"sku\":\"" + sku + "\",\"cents\":" + price.cents() + ",\"stock\":" + stock.units() +
            ",\"inventory_pid\":" + stock.inventoryPid() + "}");
    }

    private void order(final HttpExchange exchange, final Map<String, String> query)
        throws IOException, OutOfStockException, UnknownProductException
    {
        final String sku = query.get("sku");
        if (null == sku)
        {
            throw new IllegalArgumentException("POST /order needs ?sku=<article>&quantity=<units>");
        }
        final Order order = orders.place(sku, parseInt(query.getOrDefault("quantity", "1"), "quantity"));
        exchange.getResponseHeaders().set(INVENTORY_PID, String.valueOf(order.inventoryPid()));
        send(exchange, 200, json(order));
    }

    private void findOrder(final HttpExchange exchange, final String id) throws IOException
    {
        final Order order = orders.find(parseInt(id, "order id"));
        if (null == order)
        {
            send(exchange, 404, error("no order " + id));
        }
        else
        {
            send(exchange, 200, json(order));
        }
    }

    private static String json(final Order order)
    {
        return "{\"id\":" + order.id() + ",\"sku\":\"" + order.sku() + "\",\"quantity\":" + order.quantity() +
            ",\"total_cents\":" + order.totalCents() + ",\"inventory_pid\":" + order.inventoryPid() +
            ",\"orders_pid\":" + order.ordersPid() + "}";
    }

    private static String error(final String message)
    {
        return "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static int parseInt(final String text, final String what)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + " must be a whole number, not '" + text + "'");
        }
    }

    private static Map<String, String> query(final URI uri)
    {
        final Map<String, String> values = new HashMap<>();
        final String raw = uri.getQuery();
        if (null != raw)
        {
            for (final String pair : raw.split("&"))
            {
                final int eq = pair.indexOf('=');
                if (eq > 0)
                {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static void send(final HttpExchange exchange, final int status, final String json) throws IOException
    {
        final byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }
}
