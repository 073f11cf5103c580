package com.acme.skew;

/** The provider's implementation of the older {@link Shelf}. */
public final class ShelfImpl implements Shelf
{
    @Override
    public String stock(final String sku)
    {
        return sku + ": 3 in stock at pid " + ProcessHandle.current().pid();
    }
}
