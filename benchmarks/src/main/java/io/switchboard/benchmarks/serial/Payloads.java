package io.switchboard.benchmarks.serial;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The three payloads measured: one {@link Item}, a list of 100 items, a 64 KiB byte array.
 */
public final class Payloads
{
    /** Payload names as used in the {@code payload} JMH parameter. */
    public static final String SMALL = "record", LIST = "list100", BYTES = "bytes64k";

    private Payloads()
    {
    }

    /**
     * @param name one of {@link #SMALL}, {@link #LIST}, {@link #BYTES}.
     * @return a fresh payload.
     */
    public static Object create(final String name)
    {
        switch (name)
        {
            case SMALL:
                return item(1);
            case LIST:
                final List<Item> items = new ArrayList<>(100);
                for (int i = 0; i < 100; i++)
                {
                    items.add(item(i));
                }
                return items;
            case BYTES:
                final byte[] bytes = new byte[64 * 1024];
                new Random(42).nextBytes(bytes);
                return bytes;
            default:
                throw new IllegalArgumentException("unknown payload " + name);
        }
    }

    static Item item(final int i)
    {
        return new Item(
            1_000_000L + i,
            "item-" + i,
            BigDecimal.valueOf(1999 + i, 2),
            Item.Category.values()[i % Item.Category.values().length]);
    }
}
