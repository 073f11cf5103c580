package io.switchboard.demo.shop;

import java.util.concurrent.CountDownLatch;

/**
 * The pricing service's process. Started with {@code provide=io.switchboard.demo.shop.Pricing}, it
 * serves its {@link PricingImpl} to every other process.
 */
public final class PricingMain
{
    private PricingMain()
    {
    }

    /**
     * @param args unused.
     * @throws InterruptedException when interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Pricing pricing = new PricingImpl();
        System.out.println("pricing: ready (" + pricing.getClass().getSimpleName() + ")");
        new CountDownLatch(1).await();
    }
}
