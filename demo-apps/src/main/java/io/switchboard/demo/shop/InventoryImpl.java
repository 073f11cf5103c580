package io.switchboard.demo.shop;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The implementation, written as in a monolith. With the agent, its methods run only in the
 * process that provides {@link Inventory}; everywhere else calls on it go to that process.
 */
public final class InventoryImpl implements Inventory
{
    private final ConcurrentMap<String, Integer> stock = new ConcurrentHashMap<>();
    private final String process = "pid " + ProcessHandle.current().pid() + " (" +
        ManagementFactory.getRuntimeMXBean().getName() + ")";

    /**
     * Starts with a few articles in stock.
     */
    public InventoryImpl()
    {
        stock.put("apple", 1_000_000);
        stock.put("pear", 3);
    }

    @Override
    public int stock(final String sku)
    {
        return stock.getOrDefault(sku, 0);
    }

    @Override
    public Reservation reserve(final String sku, final int quantity) throws OutOfStockException
    {
        if (quantity < 1)
        {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        final int[] left = new int[1];
        final boolean ok = null != stock.computeIfPresent(sku, (k, have) ->
        {
            left[0] = have;
            return have >= quantity ? have - quantity : have;
        }) && left[0] >= quantity;
        if (!ok)
        {
            throw new OutOfStockException(quantity + " x " + sku + " requested, " + left[0] + " left", left[0]);
        }
        return new Reservation(sku, quantity, left[0] - quantity, process);
    }
}
