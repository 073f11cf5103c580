package io.switchboard.demo.shop;

import java.util.List;
import java.util.Map;

/**
 * The shop's fixed article list, shared by the pricing and inventory implementations.
 */
public final class Catalog
{
    /**
     * One article.
     *
     * @param cents        unit price in cents.
     * @param initialStock units in stock at start, in each inventory replica.
     */
    public record Article(long cents, int initialStock)
    {
    }

    /** Articles by SKU; {@code pear} has almost no stock, to show an {@link OutOfStockException}. */
    public static final Map<String, Article> ARTICLES = Map.of(
        "apple", new Article(40, 1_000_000),
        "plum", new Article(30, 1_000_000),
        "fig", new Article(90, 1_000_000),
        "kiwi", new Article(25, 1_000_000),
        "pear", new Article(55, 3));

    /** Every SKU, for the load driver's reads. */
    public static final List<String> SKUS = List.copyOf(new java.util.TreeSet<>(ARTICLES.keySet()));

    /** Articles with plenty of stock, for the load driver's orders. */
    public static final List<String> PLENTIFUL = List.of("apple", "plum", "fig", "kiwi");

    private Catalog()
    {
    }
}
