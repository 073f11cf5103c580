package io.switchboard.demo.shop;

/**
 * A confirmed reservation.
 *
 * @param sku          the article.
 * @param quantity     units reserved.
 * @param remaining    units left after the reservation.
 * @param inventoryPid the process that made it, so the demo can show where calls ran.
 */
public record Reservation(String sku, int quantity, int remaining, long inventoryPid)
{
}
