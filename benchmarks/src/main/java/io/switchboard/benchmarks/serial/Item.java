package io.switchboard.benchmarks.serial;

import java.math.BigDecimal;

/**
 * The small record every serialization benchmark sends: an id, a name, a price and an enum.
 *
 * @param id       identifier.
 * @param name     short display name.
 * @param price    price with two decimals.
 * @param category an enum value.
 */
public record Item(long id, String name, BigDecimal price, Category category)
{
    /**
     * An enum carried by {@link Item}.
     */
    public enum Category
    {
        /** Books. */
        BOOKS,
        /** Food. */
        FOOD,
        /** Tools. */
        TOOLS
    }
}
