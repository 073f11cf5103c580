package io.switchboard.demo.shop;

/**
 * A confirmed order.
 *
 * @param id           order number.
 * @param sku          the article.
 * @param quantity     units ordered.
 * @param totalCents   price of the order in cents.
 * @param inventoryPid the inventory process that reserved the units.
 * @param ordersPid    the orders process that took the order.
 */
public record Order(long id, String sku, int quantity, long totalCents, long inventoryPid, long ordersPid)
{
}
