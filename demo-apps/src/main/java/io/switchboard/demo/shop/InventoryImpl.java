package io.switchboard.demo.shop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The implementation, written as in a monolith. With the agent, its methods run only in the
 * processes that provide {@link Inventory}; everywhere else calls on it go to one of them. Each
 * replica keeps its own stock in memory (a real one would share a database).
 */
public final class InventoryImpl implements Inventory
{
    private static final long PID = ProcessHandle.current().pid();

    private final ConcurrentMap<String, Integer> stock = new ConcurrentHashMap<>();

    /**
     * Starts with the {@link Catalog}'s articles in stock.
     */
    public InventoryImpl()
    {
        Catalog.ARTICLES.forEach((sku, article) -> stock.put(sku, article.initialStock()));
    }

    @Override
    public StockLevel stock(final String sku)
    {
        return new StockLevel(sku, stock.getOrDefault(sku, 0), PID);
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
        return new Reservation(sku, quantity, left[0] - quantity, PID);
    }
}
