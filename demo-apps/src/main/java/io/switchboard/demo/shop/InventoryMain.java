package io.switchboard.demo.shop;

import java.util.concurrent.CountDownLatch;

/**
 * The inventory service's process: constructs its implementation and waits. Started with
 * {@code provide=io.switchboard.demo.shop.Inventory}, it serves the instance to every other process;
 * the demo starts two of them.
 */
public final class InventoryMain
{
    private InventoryMain()
    {
    }

    /**
     * @param args unused.
     * @throws InterruptedException when interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Inventory inventory = new InventoryImpl();
        System.out.println("inventory: ready, " + inventory.stock("apple").units() + " apples in stock");
        new CountDownLatch(1).await();
    }
}
