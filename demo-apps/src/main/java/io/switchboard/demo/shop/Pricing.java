package io.switchboard.demo.shop;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

/**
 * Prices of the shop's articles.
 */
@Remote
public interface Pricing
{
    /**
     * @param sku the article.
     * @return its unit price.
     * @throws UnknownProductException when the shop does not sell {@code sku}.
     */
    @Idempotent
    Price price(String sku) throws UnknownProductException;
}
