package io.switchboard.demo.shop;

/**
 * The answer to a stock query.
 *
 * @param sku          the article.
 * @param units        units in stock.
 * @param inventoryPid the process that answered, so the demo can show which replica served a call.
 */
public record StockLevel(String sku, int units, long inventoryPid)
{
}
