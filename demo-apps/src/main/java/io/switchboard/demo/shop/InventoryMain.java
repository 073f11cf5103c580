package io.switchboard.demo.shop;

import java.util.concurrent.CountDownLatch;

/**
 * The inventory service's process: constructs its implementation and waits. Started with
 * {@code -javaagent:switchboard-agent.jar=provide=io.switchboard.demo.shop.Inventory}, it serves the
 * instance to every other process.
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
        System.out.println("inventory: ready, " + inventory.stock("apple") + " apples in stock");
        new CountDownLatch(1).await();
    }
}
