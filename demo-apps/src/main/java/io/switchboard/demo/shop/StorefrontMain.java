package io.switchboard.demo.shop;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The storefront's process, wired as a monolith would be: it constructs every implementation and
 * hands them to the {@link Storefront}. Without the agent the whole shop runs here; with the agent
 * (and no {@code provide}) every call on them goes to the processes that provide them.
 */
public final class StorefrontMain
{
    private StorefrontMain()
    {
    }

    /**
     * @param args optional: the port (default 0: any free port). Prints
     *             {@code storefront: listening on http://127.0.0.1:<port>} once it accepts requests.
     * @throws IOException          when the port cannot be bound.
     * @throws InterruptedException when interrupted while serving.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        final Storefront front = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(front::close, "storefront-stop"));
        System.out.println("storefront: listening on " + front.url());
        new CountDownLatch(1).await();
    }

    /**
     * Wires the shop as one program would and starts its front.
     *
     * @param port the port, {@code 0} for any free one.
     * @return the running front.
     * @throws IOException when the port cannot be bound.
     */
    public static Storefront start(final int port) throws IOException
    {
        final Inventory inventory = new InventoryImpl();
        final Pricing pricing = new PricingImpl();
        return Storefront.start(port, new OrdersImpl(inventory, pricing), inventory, pricing);
    }
}
