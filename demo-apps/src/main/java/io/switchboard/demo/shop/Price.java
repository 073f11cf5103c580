package io.switchboard.demo.shop;

/**
 * A unit price.
 *
 * @param sku   the article.
 * @param cents the price in cents.
 */
public record Price(String sku, long cents)
{
}
