package io.switchboard.demo;

import io.switchboard.demo.shop.Storefront;
import io.switchboard.demo.shop.StorefrontMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the agent the shop is one ordinary program: the storefront's calls on orders, inventory and
 * pricing all run in this JVM, and the checked exceptions reach the HTTP front as themselves.
 */
class MonolithTest
{
    private static final String PID = String.valueOf(ProcessHandle.current().pid());

    private final HttpClient http = HttpClient.newHttpClient();
    private Storefront front;

    @BeforeEach
    void start() throws Exception
    {
        front = StorefrontMain.start(0);
    }

    @AfterEach
    void stop()
    {
        front.close();
    }

    @Test
    void aProductReadIsAnsweredByThisProcess() throws Exception
    {
        final HttpResponse<String> response = send("GET", "/product/fig");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"sku\":\"fig\"", "\"cents\":90", "\"stock\":1000000",
            "\"inventory_pid\":" + PID);
        assertThat(response.headers().firstValue(Storefront.INVENTORY_PID)).hasValue(PID);
    }

    @Test
    void anOrderReservesStockSeenByTheNextReadAndCanBeFoundAgain() throws Exception
    {
        final HttpResponse<String> order = send("POST", "/order?sku=plum&quantity=3");

        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        assertThat(order.body()).contains("\"id\":1", "\"quantity\":3", "\"total_cents\":90", "\"orders_pid\":" + PID);
        assertThat(send("GET", "/product/plum").body()).contains("\"stock\":999997");
        assertThat(send("GET", "/order/1").body()).isEqualTo(order.body());
    }

    @Test
    void outOfStockAndUnknownProductsAreClientErrorsWithTheirMessages() throws Exception
    {
        final HttpResponse<String> pears = send("POST", "/order?sku=pear&quantity=5");
        final HttpResponse<String> unknown = send("GET", "/product/durian");

        assertThat(pears.statusCode()).isEqualTo(409);
        assertThat(pears.body()).contains("5 x pear requested, 3 left");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no product durian");
        assertThat(send("POST", "/order?quantity=1").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> send(final String method, final String path) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(front.url() + path)).timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
