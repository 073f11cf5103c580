package io.switchboard.demo.shop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The whole shop in one process, as its authors would first run it: starts the {@link Storefront}
 * wired by {@link StorefrontMain}, makes a few requests against it and prints the answers. Run
 * without the agent, every call stays in this process (the pids in the answers are this one's).
 */
public final class ShopMain
{
    private ShopMain()
    {
    }

    /**
     * @param args unused.
     * @throws IOException          when the front cannot start or answer.
     * @throws InterruptedException when interrupted.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final HttpClient http = HttpClient.newHttpClient();
        try (Storefront front = StorefrontMain.start(0))
        {
            System.out.println("shop: one process, pid " + ProcessHandle.current().pid() + ", front on " + front.url());
            for (final String request : new String[] {
                "GET /product/apple", "POST /order?sku=apple&quantity=2", "GET /order/1",
                "POST /order?sku=pear&quantity=5"})
            {
                final String[] parts = request.split(" ");
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(front.url() + parts[1]))
                    .method(parts[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("shop: " + request + " -> " + response.statusCode() + " " + response.body().strip());
            }
        }
    }
}
