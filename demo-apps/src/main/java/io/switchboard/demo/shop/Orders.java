package io.switchboard.demo.shop;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

/**
 * Takes orders; its implementation calls {@link Inventory} and {@link Pricing} itself.
 */
@Remote
public interface Orders
{
    /**
     * Prices the articles and reserves them. Not idempotent: each call is a new order.
     *
     * @param sku      the article.
     * @param quantity units, at least one.
     * @return the confirmed order.
     * @throws OutOfStockException     when the inventory has too few units.
     * @throws UnknownProductException when the shop does not sell {@code sku}.
     */
    Order place(String sku, int quantity) throws OutOfStockException, UnknownProductException;

    /**
     * @param id an order number returned by {@link #place}.
     * @return that order, or {@code null} when there is none.
     */
    @Idempotent
    Order find(long id);
}
