package io.switchboard.demo.shop;

import java.util.concurrent.CountDownLatch;

/**
 * The orders service's process. Started with {@code provide=io.switchboard.demo.shop.Orders}, it
 * serves its {@link OrdersImpl}, whose calls on the inventory and pricing go to their providers.
 */
public final class OrdersMain
{
    private OrdersMain()
    {
    }

    /**
     * @param args unused.
     * @throws InterruptedException when interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Orders orders = new OrdersImpl(new InventoryImpl(), new PricingImpl());
        System.out.println("orders: ready (" + orders.getClass().getSimpleName() + ")");
        new CountDownLatch(1).await();
    }
}
