package io.switchboard.demo.shop;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

/**
 * Stock levels of the shop. The only Switchboard-specific line is the annotation.
 */
@Remote
public interface Inventory
{
    /**
     * @param sku the article.
     * @return units in stock, {@code 0} for an unknown article.
     */
    @Idempotent
    int stock(String sku);

    /**
     * Takes units out of stock for an order. Not idempotent: running it twice reserves twice.
     *
     * @param sku      the article.
     * @param quantity units to reserve, at least one.
     * @return the reservation.
     * @throws OutOfStockException when fewer than {@code quantity} units are left.
     */
    Reservation reserve(String sku, int quantity) throws OutOfStockException;
}
