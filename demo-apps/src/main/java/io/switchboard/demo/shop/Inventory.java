package io.switchboard.demo.shop;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

/**
 * Stock levels of the shop. The only Switchboard-specific lines are the annotations.
 */
@Remote
public interface Inventory
{
    /**
     * Reads the stock of one article. Safe to re-send to another replica, hence {@link Idempotent}.
     *
     * @param sku the article.
     * @return units in stock ({@code 0} for an unknown article) and the process that answered.
     */
    @Idempotent
    StockLevel stock(String sku);

    /**
     * Takes units out of stock for an order. Not idempotent: running it twice reserves twice, so a
     * call that may have run is never re-sent.
     *
     * @param sku      the article.
     * @param quantity units to reserve, at least one.
     * @return the reservation.
     * @throws OutOfStockException when fewer than {@code quantity} units are left.
     */
    Reservation reserve(String sku, int quantity) throws OutOfStockException;
}
